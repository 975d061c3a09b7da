import { inboxMigrations } from '@salesgraph/projection';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261124000001Init } from './Migration20261124000001Init.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261124000001Init,
  ...inboxMigrations('beneficiaries'),
  ...idempotencyMigrations('beneficiaries'),
];
