// Small helpers the broker runner's parts share: reading files that may be missing, waiting, durations.

import fs from 'node:fs';

export const POLL_MS = 250;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

export function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
