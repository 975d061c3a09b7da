import { fileURLToPath } from 'node:url';

/** The repository root, seen from bench/dist/*.js. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const benchDist = fileURLToPath(new URL('./', import.meta.url));
export const benchDir = fileURLToPath(new URL('../', import.meta.url));
