import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';

/**
 * The AccountMetrics projection keeps one row per deal, contract and beneficiary of the
 * tenant (id = the source aggregate's id): the latest state its events carried, at
 * `sourceVersion`. Every event replaces its row, so applying it again or late changes nothing;
 * the metrics are aggregated from these rows when read. Internal: not part of the graph.
 */
@Entity({ abstract: true })
export class AccountMetricsRow extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  /** The aggregate version of the event the row reflects. */
  @Property({ type: 'integer' })
  sourceVersion!: number;
}

@Entity({ tableName: 'account_metrics_deal' })
@Index({ properties: ['tenantId', 'companyId'] })
export class AccountMetricsDeal extends AccountMetricsRow {
  @Property({ type: 'text' })
  stage!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  estimatedValue!: string;
}

@Entity({ tableName: 'account_metrics_contract' })
@Index({ properties: ['tenantId', 'companyId'] })
export class AccountMetricsContract extends AccountMetricsRow {
  @Property({ type: 'text' })
  status!: string;
}

@Entity({ tableName: 'account_metrics_beneficiary' })
@Index({ properties: ['tenantId', 'companyId'] })
export class AccountMetricsBeneficiary extends AccountMetricsRow {
  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'boolean' })
  active!: boolean;
}
