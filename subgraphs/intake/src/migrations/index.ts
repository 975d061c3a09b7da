import { inboxMigrations } from '@salesgraph/projection';
import { dropTenantIndexes } from '@salesgraph/orm';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261207000001Init } from './Migration20261207000001Init.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261207000001Init,
  ...inboxMigrations('intake'),
  ...idempotencyMigrations('intake'),
  dropTenantIndexes('Migration20261208000001TenantIndexes', 'intake', ['sales_order_tenant_id_index']),
];
