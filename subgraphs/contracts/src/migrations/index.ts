import { inboxMigrations } from '@salesgraph/projection';
import { idempotencyMigrations } from '@salesgraph/write';
import { Migration20261123000001Init } from './Migration20261123000001Init.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261123000001Init,
  ...inboxMigrations('contracts'),
  ...idempotencyMigrations('contracts'),
];
