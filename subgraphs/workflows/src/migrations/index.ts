import { inboxMigrations } from '@salesgraph/projection';
import { Migration20261123000005Init } from './Migration20261123000005Init.js';
import { Migration20261126000001RebuildableTasks } from './Migration20261126000001RebuildableTasks.js';
import { Migration20261207000001Notifications } from './Migration20261207000001Notifications.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [
  Migration20261123000005Init,
  Migration20261126000001RebuildableTasks,
  ...inboxMigrations('workflows'),
  Migration20261207000001Notifications,
];
