import { Migration20261123000005Init } from './Migration20261123000005Init.js';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const migrations = [Migration20261123000005Init];
