// Where the broker runner's own files are: the Maven pom, the properties template, the log4j2
// config, and the default data dir (<repo>/.data/kafka).

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'kafka');
export const POM = path.join(HERE, 'pom.xml');
export const PROPS_TEMPLATE = path.join(HERE, 'server.properties');
export const LOG4J2_CONFIG = path.join(HERE, 'log4j2.xml');
