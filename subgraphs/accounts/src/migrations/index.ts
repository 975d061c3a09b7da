import { inboxMigrations } from '@salesgraph/projection';
import { dropTenantIndexes } from '@salesgraph/orm';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261123000001Init } from './Migration20261123000001Init.js';
import { Migration20261124000001Contacts } from './Migration20261124000001Contacts.js';
import { Migration20261124000002AccountMetrics } from './Migration20261124000002AccountMetrics.js';
import { Migration20261207000001CompanyOrigins } from './Migration20261207000001CompanyOrigins.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261123000001Init,
  Migration20261124000001Contacts,
  Migration20261124000002AccountMetrics,
  ...inboxMigrations('accounts'),
  Migration20261207000001CompanyOrigins,
  ...idempotencyMigrations('accounts'),
  dropTenantIndexes('Migration20261208000001TenantIndexes', 'accounts', [
    'company_tenant_id_index',
    'company_origin_tenant_id_index',
  ]),
];
