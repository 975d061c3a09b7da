import { inboxMigrations } from '@salesgraph/projection';
import { dropTenantIndexes } from '@salesgraph/orm';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261124000001Init } from './Migration20261124000001Init.js';
import { Migration20261207000001AnsTransmission } from './Migration20261207000001AnsTransmission.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261124000001Init,
  ...inboxMigrations('beneficiaries'),
  Migration20261207000001AnsTransmission,
  ...idempotencyMigrations('beneficiaries'),
  dropTenantIndexes('Migration20261208000001TenantIndexes', 'beneficiaries', ['beneficiary_tenant_id_index']),
];
