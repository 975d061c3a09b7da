import { inboxMigrations } from '@salesgraph/projection';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261207000001Init } from './Migration20261207000001Init.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261207000001Init,
  ...inboxMigrations('intake'),
  ...idempotencyMigrations('intake'),
];
