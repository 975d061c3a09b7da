import { readFileSync } from 'node:fs';
import { runLoad, type LoadSpec } from './load.js';

/** `node load-main.js <spec.json>`: runs the load, then prints `RESULT <json>`. */
const specPath = process.argv[2];
if (!specPath) throw new Error('usage: load-main <spec.json>');
const result = await runLoad(JSON.parse(readFileSync(specPath, 'utf8')) as LoadSpec);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
