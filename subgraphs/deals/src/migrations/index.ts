import { inboxMigrations } from '@salesgraph/projection';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261123000001Init } from './Migration20261123000001Init.js';
import { Migration20261124000001Pipeline } from './Migration20261124000001Pipeline.js';
import { Migration20261125000001PipelineProjection } from './Migration20261125000001PipelineProjection.js';
import { Migration20261207000001SalesOrderDeals } from './Migration20261207000001SalesOrderDeals.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261123000001Init,
  Migration20261124000001Pipeline,
  Migration20261125000001PipelineProjection,
  ...inboxMigrations('deals'),
  ...idempotencyMigrations('deals'),
  Migration20261207000001SalesOrderDeals,
];
