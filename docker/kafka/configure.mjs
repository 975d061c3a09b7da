// Configuring a broker: ports and data dir from options or the environment, the generated
// server.properties, the JVM arguments, and formatting the KRaft storage once.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readText, secs } from './io.mjs';
import { run } from './jars.mjs';
import { DEFAULT_DATA_DIR, LOG4J2_CONFIG, PROPS_TEMPLATE } from './paths.mjs';

const HOST = '127.0.0.1';
const STORAGE_TOOL_CLASS = 'kafka.tools.StorageTool';
export const MAIN_CLASS = 'kafka.Kafka';
export const MARKER_PROP = 'salesgraph.kafka.dataDir';

export function resolveConfig(opts = {}) {
  const dataDir = path.resolve(opts.dataDir ?? process.env.KAFKA_DATA_DIR ?? DEFAULT_DATA_DIR);
  const port = toPort(opts.port ?? process.env.KAFKA_PORT ?? 9092, 'KAFKA_PORT');
  const controllerPort = toPort(
    opts.controllerPort ?? process.env.KAFKA_CONTROLLER_PORT ?? port + 1,
    'KAFKA_CONTROLLER_PORT',
  );
  let log;
  if (opts.log === undefined) log = (msg) => console.log(`[kafka] ${msg}`);
  else if (typeof opts.log === 'function') log = opts.log;
  else log = () => {};
  return {
    host: HOST,
    port,
    controllerPort,
    bootstrap: `${HOST}:${port}`,
    dataDir,
    logDirs: path.join(dataDir, 'logs'),
    pidFile: path.join(dataDir, 'kafka.pid'),
    lockFile: path.join(dataDir, 'start.lock'),
    logFile: path.join(dataDir, 'server.log'),
    outFile: path.join(dataDir, 'kafka.out'),
    propsFile: path.join(dataDir, 'server.properties'),
    clusterIdFile: path.join(dataDir, 'cluster.id'),
    log,
  };
}

function toPort(v, name) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}: invalid port ${v}`);
  return n;
}

export function writeProperties(cfg) {
  const text = fs
    .readFileSync(PROPS_TEMPLATE, 'utf8')
    .replaceAll('@PORT@', String(cfg.port))
    .replaceAll('@CONTROLLER_PORT@', String(cfg.controllerPort))
    // java.util.Properties treats backslash as escape: keep paths safe on Windows-ish hosts
    .replaceAll('@LOG_DIRS@', cfg.logDirs.replaceAll('\\', '/'));
  fs.writeFileSync(cfg.propsFile, text);
}

function newClusterId() {
  // Kafka cluster ids are base64url (no padding) of a random 16-byte UUID;
  // Kafka itself never hands out ids starting with '-'.
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function jvmArgs(cfg) {
  return [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`,
    `-Dkafka.logs.dir=${cfg.dataDir}`,
    // marker: lets stop/status recognise exactly the process this script started
    `-D${MARKER_PROP}=${cfg.dataDir}`,
  ];
}

export async function formatStorageIfNeeded(cfg, java, classpath) {
  if (fs.existsSync(path.join(cfg.logDirs, 'meta.properties'))) return false;
  let clusterId = (readText(cfg.clusterIdFile) ?? '').trim();
  if (!clusterId) {
    clusterId = newClusterId();
    fs.writeFileSync(cfg.clusterIdFile, `${clusterId}\n`);
  }
  fs.mkdirSync(cfg.logDirs, { recursive: true });
  const t0 = Date.now();
  const r = await run(
    java,
    [
      ...jvmArgs(cfg),
      STORAGE_TOOL_CLASS,
      'format',
      '--config',
      cfg.propsFile,
      '--cluster-id',
      clusterId,
      '--standalone',
    ],
    { env: { ...process.env, CLASSPATH: classpath } },
  );
  if (r.code !== 0) throw new Error(`kafka-storage format failed (exit ${r.code}):\n${r.output}`);
  cfg.log(`formatted storage in ${cfg.logDirs} (cluster id ${clusterId}, ${secs(Date.now() - t0)})`);
  return true;
}
