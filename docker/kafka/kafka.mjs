#!/usr/bin/env node
// Local Apache Kafka broker for Salesgraph development and tests.
//
// Runs the official Apache Kafka jars (org.apache.kafka:kafka_2.13, resolved by Maven
// from Maven Central into ~/.m2) as a single-node KRaft cluster (combined
// broker + controller) on 127.0.0.1:9092. No Docker, no tarball, no npm dependencies.
//
// CLI:    node docker/kafka/kafka.mjs start|stop|status|restart
// Module: import { startKafka, stopKafka, isKafkaRunning } from './docker/kafka/kafka.mjs'
//
// Environment overrides (all optional):
//   KAFKA_DATA_DIR         broker data dir (default <repo>/.data/kafka); use a temp dir for
//                          a throwaway broker in tests
//   KAFKA_PORT             client (PLAINTEXT) port, default 9092
//   KAFKA_CONTROLLER_PORT  KRaft controller port, default KAFKA_PORT + 1
//   JAVA_HOME / MVN        which java / mvn to use (default: java, mvn on PATH)
//
// Works on Node 20+ (plain ESM, built-in modules only).

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data', 'kafka');
const POM = path.join(HERE, 'pom.xml');
const PROPS_TEMPLATE = path.join(HERE, 'server.properties');
const LOG4J2_CONFIG = path.join(HERE, 'log4j2.xml');
// The classpath depends only on pom.xml and ~/.m2, so it is cached in the repo's
// .data/kafka even when KAFKA_DATA_DIR points a broker elsewhere.
const CLASSPATH_FILE = path.join(DEFAULT_DATA_DIR, 'classpath.txt');

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
const KILL_TIMEOUT_MS = 10_000;
const POLL_MS = 250;
const MAIN_CLASS = 'kafka.Kafka';
const STORAGE_TOOL_CLASS = 'kafka.tools.StorageTool';
const MARKER_PROP = 'salesgraph.kafka.dataDir';
const LOG_TAIL_LINES = 40;

// --------------------------------------------------------------------------------------
// config

function resolveConfig(opts = {}) {
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// --------------------------------------------------------------------------------------
// processes (only ever the pid we wrote ourselves)

async function procInfo(pid) {
  // -> { alive, zombie, pgid, cmdline } ; alive=false when no such process
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code === 'ESRCH') return { alive: false };
    // EPERM: exists but not ours to signal
  }
  const stat = readText(`/proc/${pid}/stat`);
  if (stat !== null) {
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ');
    const zombie = rest[0] === 'Z' || rest[0] === 'X';
    return { alive: !zombie, zombie, pgid: Number(rest[2]), cmdline };
  }
  // no procfs (macOS): ask ps
  return new Promise((resolve) => {
    const ps = spawn('ps', ['-o', 'stat=,pgid=,command=', '-p', String(pid)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    ps.stdout.on('data', (d) => (out += d));
    ps.on('error', () => resolve({ alive: true, pgid: NaN, cmdline: '' }));
    ps.on('close', () => {
      const m = out.trim().match(/^(\S+)\s+(\d+)\s+(.*)$/s);
      if (!m) return resolve({ alive: false });
      const zombie = m[1].startsWith('Z');
      resolve({ alive: !zombie, zombie, pgid: Number(m[2]), cmdline: m[3] });
    });
  });
}

function isOurBroker(info, cfg) {
  return Boolean(
    info.alive && info.cmdline.includes(MAIN_CLASS) && info.cmdline.includes(`-D${MARKER_PROP}=${cfg.dataDir}`),
  );
}

function readPid(cfg) {
  const n = parseInt(readText(cfg.pidFile) ?? '', 10);
  return Number.isInteger(n) && n > 1 ? n : null;
}

function removePidFile(cfg) {
  fs.rmSync(cfg.pidFile, { force: true });
}

// --------------------------------------------------------------------------------------
// minimal Kafka wire protocol client: ApiVersions v0 + Metadata v4..v8

function kafkaRequest(host, port, apiKey, apiVersion, body, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const correlationId = crypto.randomInt(1, 2 ** 31 - 1);
    const clientId = Buffer.from('salesgraph-kafka-probe');
    const header = Buffer.alloc(10 + clientId.length);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(correlationId, 4);
    header.writeInt16BE(clientId.length, 8);
    clientId.copy(header, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length, 0);

    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err, val) => {
      if (done) return;
      done = true;
      sock.destroy();
      if (err) reject(err);
      else resolve(val);
    };
    sock.setTimeout(timeoutMs, () => finish(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    sock.on('error', (e) => finish(e));
    sock.on('connect', () => sock.write(Buffer.concat([size, header, body])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const len = buf.readInt32BE(0);
      if (len < 4 || len > 16 * 1024 * 1024) return finish(Object.assign(new Error('bad frame'), { code: 'EPROTO' }));
      if (buf.length < 4 + len) return;
      if (buf.readInt32BE(4) !== correlationId) {
        return finish(Object.assign(new Error('correlation id mismatch'), { code: 'EPROTO' }));
      }
      finish(null, buf.subarray(8, 4 + len));
    });
    sock.on('end', () => finish(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
  });
}

class Reader {
  constructor(buf) {
    this.b = buf;
    this.o = 0;
  }
  i16() {
    const v = this.b.readInt16BE(this.o);
    this.o += 2;
    return v;
  }
  i32() {
    const v = this.b.readInt32BE(this.o);
    this.o += 4;
    return v;
  }
  str() {
    const n = this.i16();
    if (n < 0) return null;
    const s = this.b.toString('utf8', this.o, this.o + n);
    this.o += n;
    return s;
  }
}

async function apiVersions(host, port) {
  const r = new Reader(await kafkaRequest(host, port, 18, 0, Buffer.alloc(0)));
  const errorCode = r.i16();
  // 0 = OK; 35 = UNSUPPORTED_VERSION (the broker still lists what it supports, in v0 format)
  if (errorCode !== 0 && errorCode !== 35)
    throw Object.assign(new Error(`ApiVersions error ${errorCode}`), { code: 'EKAFKA' });
  const n = r.i32();
  if (n < 1 || n > 1000) throw Object.assign(new Error('ApiVersions: bad response'), { code: 'EPROTO' });
  const apis = new Map();
  for (let i = 0; i < n; i++) {
    const key = r.i16();
    apis.set(key, { min: r.i16(), max: r.i16() });
  }
  return apis;
}

async function metadata(host, port, range) {
  // pick a non-flexible version (4..8) so the plain encoding below applies
  const v = Math.min(8, range.max);
  if (v < 4 || v < range.min) return null;
  const body = Buffer.alloc(v >= 8 ? 7 : 5);
  body.writeInt32BE(0, 0); // topics: empty array -> brokers/cluster only
  body.writeInt8(0, 4); // allow_auto_topic_creation=false
  // v8: include_cluster_authorized_operations=false, include_topic_authorized_operations=false
  const r = new Reader(await kafkaRequest(host, port, 3, v, body));
  r.i32(); // throttle_time_ms
  const brokers = [];
  for (let i = 0, n = r.i32(); i < n; i++) {
    const nodeId = r.i32();
    const bhost = r.str();
    const bport = r.i32();
    r.str(); // rack
    brokers.push({ nodeId, host: bhost, port: bport });
  }
  return { brokers, clusterId: r.str(), controllerId: r.i32() };
}

/**
 * Asks host:port whether it is a Kafka broker that serves requests.
 * -> { state: 'serving', apiCount, brokers, clusterId } | { state: 'closed' } | { state: 'not-kafka', reason }
 */
async function probe(host, port) {
  let apis;
  try {
    apis = await apiVersions(host, port);
  } catch (e) {
    if (e.code === 'ECONNREFUSED') return { state: 'closed' };
    return { state: 'not-kafka', reason: e.message };
  }
  const res = { state: 'serving', apiCount: apis.size, brokers: [], clusterId: null };
  const range = apis.get(3);
  if (range) {
    try {
      const md = await metadata(host, port, range);
      if (md) Object.assign(res, md);
      // a broker that is not yet registered/unfenced lists no brokers: not ready yet
      if (md && md.brokers.length === 0) res.state = 'starting';
    } catch (e) {
      res.state = 'starting';
      res.reason = e.message;
    }
  }
  return res;
}

// --------------------------------------------------------------------------------------
// helpers: running commands, java, maven classpath

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}\n`, error: e }));
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, output }));
  });
}

function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

async function checkJava() {
  const java = javaBin();
  const r = await run(java, ['-version']);
  if (r.code !== 0) {
    throw new Error(`cannot run '${java} -version' (Java 17+ is required for Kafka 4.x):\n${r.output}`);
  }
  const m = r.output.match(/version "(\d+)(?:\.(\d+))?/);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17)) throw new Error(`Kafka 4.x needs Java 17+, '${java}' is:\n${r.output}`);
  return java;
}

function classpathIsFresh() {
  let cpStat;
  try {
    cpStat = fs.statSync(CLASSPATH_FILE);
  } catch {
    return null;
  }
  if (cpStat.mtimeMs < fs.statSync(POM).mtimeMs) return null;
  const cp = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim();
  const entries = cp.split(path.delimiter).filter(Boolean);
  if (entries.length === 0 || !entries.every((p) => fs.existsSync(p))) return null;
  return cp;
}

async function resolveClasspath(cfg) {
  const cached = classpathIsFresh();
  if (cached) return { classpath: cached, resolvedMs: 0 };
  const t0 = Date.now();
  fs.mkdirSync(path.dirname(CLASSPATH_FILE), { recursive: true });
  const tmp = `${CLASSPATH_FILE}.${process.pid}.tmp`;
  const mvn = process.env.MVN || 'mvn';
  cfg.log(`resolving Kafka jars with Maven (${path.relative(process.cwd(), POM) || POM}) ...`);
  const r = await run(mvn, [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    POM,
    'dependency:build-classpath',
    `-Dmdep.outputFile=${tmp}`,
  ]);
  if (r.code !== 0 || !fs.existsSync(tmp)) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`Maven could not resolve the Kafka classpath (exit ${r.code}):\n${r.output}`);
  }
  fs.renameSync(tmp, CLASSPATH_FILE);
  const classpath = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim();
  const resolvedMs = Date.now() - t0;
  cfg.log(
    `classpath resolved: ${classpath.split(path.delimiter).length} jars in ${secs(resolvedMs)} (cached in ${CLASSPATH_FILE})`,
  );
  return { classpath, resolvedMs };
}

// --------------------------------------------------------------------------------------
// storage, properties, locking

function writeProperties(cfg) {
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

function jvmArgs(cfg) {
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

async function formatStorageIfNeeded(cfg, java, classpath) {
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

async function acquireLock(cfg, deadline) {
  for (;;) {
    try {
      fs.writeFileSync(cfg.lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        if ((readText(cfg.lockFile) ?? '').trim() === String(process.pid)) fs.rmSync(cfg.lockFile, { force: true });
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const owner = parseInt(readText(cfg.lockFile) ?? '', 10);
    if (!Number.isInteger(owner) || !(await procInfo(owner)).alive) {
      fs.rmSync(cfg.lockFile, { force: true }); // stale: its owner is gone
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for another start (pid ${owner}) holding ${cfg.lockFile}`);
    await sleep(POLL_MS);
  }
}

// --------------------------------------------------------------------------------------
// logs

function tail(file, n = LOG_TAIL_LINES) {
  const text = readText(file);
  if (!text) return '';
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(-n).join('\n');
}

function readFrom(file, offset) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const start = size < offset ? 0 : offset; // rolled over meanwhile
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    return buf.toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function failureReport(cfg, headline) {
  const parts = [
    headline,
    '',
    `--- last ${LOG_TAIL_LINES} lines of ${cfg.logFile} ---`,
    tail(cfg.logFile) || '(empty)',
  ];
  const out = tail(cfg.outFile);
  if (out) parts.push('', `--- last ${LOG_TAIL_LINES} lines of ${cfg.outFile} (JVM stdout/stderr) ---`, out);
  return parts.join('\n');
}

// --------------------------------------------------------------------------------------
// public API

/** True when a Kafka broker serves requests on the configured host:port (ours or not). */
export async function isKafkaRunning(opts = {}) {
  const cfg = resolveConfig({ log: null, ...opts });
  return (await probe(cfg.host, cfg.port)).state === 'serving';
}

/**
 * Starts the broker unless one already serves on the port. Resolves once the broker
 * answers ApiVersions + Metadata (listing itself). Throws with the log tail on failure.
 * opts: { dataDir, port, controllerPort, log } (log: function, or null for silence)
 */
export async function startKafka(opts = {}) {
  const cfg = resolveConfig(opts);
  const t0 = Date.now();
  const deadline = t0 + START_TIMEOUT_MS;

  const already = await alreadyServing(cfg);
  if (already) return already;

  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const release = await acquireLock(cfg, deadline);
  try {
    // somebody may have started it while we waited for the lock
    const again = await alreadyServing(cfg);
    if (again) return again;

    // a broker we started earlier that is still booting (e.g. the starter was interrupted)
    const oldPid = readPid(cfg);
    if (oldPid) {
      const info = await procInfo(oldPid);
      if (isOurBroker(info, cfg)) {
        cfg.log(`broker pid ${oldPid} is already starting, waiting for it ...`);
        return await waitUntilReady(cfg, oldPid, null, 0, t0, deadline, 0);
      }
      removePidFile(cfg); // stale
    }

    const java = await checkJava();
    const { classpath, resolvedMs } = await resolveClasspath(cfg);
    writeProperties(cfg);
    await formatStorageIfNeeded(cfg, java, classpath);

    const logOffset = fileSize(cfg.logFile);
    const out = fs.openSync(cfg.outFile, 'a');
    let child;
    try {
      child = spawn(java, [...jvmArgs(cfg), MAIN_CLASS, cfg.propsFile], {
        cwd: cfg.dataDir,
        detached: true, // own session + process group: survives this script, signalled as a group
        stdio: ['ignore', out, out],
        env: { ...process.env, CLASSPATH: classpath },
      });
    } finally {
      fs.closeSync(out);
    }
    const spawnError = new Promise((resolve) => child.once('error', resolve));
    const exited = { code: null };
    child.once('exit', (code, signal) => Object.assign(exited, { code: code ?? signal, done: true }));
    child.unref();
    if (!child.pid) throw new Error(`could not start ${java}: ${(await spawnError)?.message}`);
    fs.writeFileSync(cfg.pidFile, `${child.pid}\n`);
    cfg.log(`launched ${MAIN_CLASS} (pid ${child.pid}), waiting for ${cfg.bootstrap} to serve requests ...`);
    return await waitUntilReady(cfg, child.pid, exited, logOffset, t0, deadline, resolvedMs);
  } finally {
    release();
  }
}

async function alreadyServing(cfg) {
  const p = await probe(cfg.host, cfg.port);
  if (p.state === 'serving') {
    const pid = readPid(cfg);
    const info = pid ? await procInfo(pid) : { alive: false };
    const ours = isOurBroker(info, cfg);
    cfg.log(
      `a Kafka broker is already serving on ${cfg.bootstrap}` +
        (ours ? ` (ours, pid ${pid})` : ' (not started by this script for this data dir; leaving it alone)') +
        (p.clusterId ? `, cluster id ${p.clusterId}` : ''),
    );
    return {
      alreadyRunning: true,
      ours,
      pid: ours ? pid : null,
      bootstrap: cfg.bootstrap,
      clusterId: p.clusterId,
      ms: 0,
    };
  }
  if (p.state === 'not-kafka') {
    throw new Error(
      `${cfg.bootstrap} accepts connections but does not answer like a Kafka broker (${p.reason}); free the port or set KAFKA_PORT`,
    );
  }
  return null; // closed or still starting
}

async function waitUntilReady(cfg, pid, exited, logOffset, t0, deadline, resolvedMs) {
  const tLaunch = Date.now();
  let last;
  for (;;) {
    if (exited?.done || !(await procInfo(pid)).alive) {
      removePidFile(cfg);
      throw new Error(
        failureReport(
          cfg,
          `Kafka broker (pid ${pid}) exited during startup${exited?.done ? ` (exit ${exited.code})` : ''}.`,
        ),
      );
    }
    last = await probe(cfg.host, cfg.port);
    if (last.state === 'serving') break;
    if (Date.now() > deadline) {
      cfg.log(`broker did not become ready within ${secs(START_TIMEOUT_MS)}; stopping pid ${pid}`);
      await stopPid(cfg, pid);
      removePidFile(cfg);
      throw new Error(
        failureReport(
          cfg,
          `Kafka broker (pid ${pid}) did not serve requests on ${cfg.bootstrap} within ${secs(START_TIMEOUT_MS)} (last probe: ${last.state}${last.reason ? `, ${last.reason}` : ''}).`,
        ),
      );
    }
    await sleep(POLL_MS);
  }
  const ms = Date.now() - t0;
  const logText = readFrom(cfg.logFile, logOffset);
  const versionLine = logText.match(/Kafka version: ?(\S+)/);
  const version = versionLine ? versionLine[1] : null;
  const startedLine = /Kafka Server started/.test(logText);
  cfg.log(versionLine ? versionLine[0] : `(no "Kafka version:" line in ${cfg.logFile})`);
  cfg.log(
    `Kafka ${version ?? ''} ready on ${cfg.bootstrap} (pid ${pid}, cluster id ${last.clusterId ?? '?'}, ${last.apiCount} APIs` +
      `${startedLine ? ', log: "Kafka Server started"' : ''}) in ${secs(ms)}` +
      (resolvedMs ? ` (Maven ${secs(resolvedMs)}, JVM ${secs(Date.now() - tLaunch)})` : ''),
  );
  cfg.log(`logs: ${cfg.logFile}`);
  return { alreadyRunning: false, ours: true, pid, bootstrap: cfg.bootstrap, clusterId: last.clusterId, version, ms };
}

async function signal(pid, pgid, sig) {
  try {
    // the broker was spawned detached, so it leads its own process group
    if (pgid === pid) process.kill(-pid, sig);
    else process.kill(pid, sig);
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
}

async function waitGone(pid, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!(await procInfo(pid)).alive) return true;
    await sleep(POLL_MS);
  }
  return !(await procInfo(pid)).alive;
}

async function stopPid(cfg, pid) {
  const info = await procInfo(pid);
  if (!info.alive) return 'gone';
  await signal(pid, info.pgid, 'SIGTERM');
  if (await waitGone(pid, STOP_TIMEOUT_MS)) return 'terminated';
  cfg.log(`pid ${pid} still alive after ${secs(STOP_TIMEOUT_MS)}, sending SIGKILL`);
  await signal(pid, info.pgid, 'SIGKILL');
  if (await waitGone(pid, KILL_TIMEOUT_MS)) return 'killed';
  throw new Error(`could not stop Kafka broker pid ${pid}`);
}

/**
 * Stops the broker this script started (pid file in the data dir). Never touches any
 * other process. Resolves { stopped, pid }.
 */
export async function stopKafka(opts = {}) {
  const cfg = resolveConfig(opts);
  const pid = readPid(cfg);
  if (!pid) {
    const p = await probe(cfg.host, cfg.port);
    cfg.log(
      p.state === 'closed'
        ? 'Kafka is not running (no pid file)'
        : `no pid file in ${cfg.dataDir}; whatever serves ${cfg.bootstrap} was not started by this script, leaving it alone`,
    );
    return { stopped: false, pid: null };
  }
  const info = await procInfo(pid);
  if (!info.alive) {
    cfg.log(`Kafka is not running (removing stale pid file, pid ${pid} is gone)`);
    removePidFile(cfg);
    return { stopped: false, pid };
  }
  if (!isOurBroker(info, cfg)) {
    cfg.log(
      `pid ${pid} from ${cfg.pidFile} is not our Kafka broker (pid reused?); not touching it, removing the pid file`,
    );
    removePidFile(cfg);
    return { stopped: false, pid };
  }
  const t0 = Date.now();
  cfg.log(`stopping Kafka broker pid ${pid} (SIGTERM) ...`);
  const how = await stopPid(cfg, pid);
  removePidFile(cfg);
  cfg.log(`Kafka stopped (${how}) in ${secs(Date.now() - t0)}`);
  return { stopped: true, pid };
}

/** Status details: { serving, state, pid, ours, clusterId, apiCount, bootstrap, version } */
export async function kafkaStatus(opts = {}) {
  const cfg = resolveConfig(opts);
  const pid = readPid(cfg);
  const info = pid ? await procInfo(pid) : { alive: false };
  const p = await probe(cfg.host, cfg.port);
  const versions = [...(readText(cfg.logFile) ?? '').matchAll(/Kafka version: ?(\S+)/g)];
  return {
    serving: p.state === 'serving',
    state: p.state,
    pid: pid && info.alive ? pid : null,
    ours: isOurBroker(info, cfg),
    clusterId: p.clusterId ?? null,
    apiCount: p.apiCount ?? null,
    bootstrap: cfg.bootstrap,
    dataDir: cfg.dataDir,
    logFile: cfg.logFile,
    version: versions.length ? versions[versions.length - 1][1] : null,
  };
}

export const KAFKA_BOOTSTRAP = `${HOST}:9092`;

// --------------------------------------------------------------------------------------
// CLI

async function main(argv) {
  const cmd = argv[0];
  switch (cmd) {
    case 'start':
      await startKafka();
      return 0;
    case 'stop':
      await stopKafka();
      return 0;
    case 'restart':
      await stopKafka();
      await startKafka();
      return 0;
    case 'status': {
      const s = await kafkaStatus();
      const who = s.pid
        ? s.ours
          ? `our broker pid ${s.pid}`
          : `pid ${s.pid} (not recognised as our broker)`
        : 'no broker process from this script';
      if (s.serving) {
        console.log(
          `[kafka] serving on ${s.bootstrap}: ${who}, cluster id ${s.clusterId}, ${s.apiCount} APIs${s.version ? `, Kafka ${s.version}` : ''}`,
        );
      } else if (s.state === 'starting') {
        console.log(`[kafka] starting on ${s.bootstrap} (${who})`);
      } else if (s.state === 'not-kafka') {
        console.log(`[kafka] ${s.bootstrap} is in use by something that is not a Kafka broker (${who})`);
      } else {
        console.log(`[kafka] not running on ${s.bootstrap} (${who})`);
      }
      console.log(`[kafka] data: ${s.dataDir}  log: ${s.logFile}`);
      return s.serving ? 0 : 3;
    }
    default:
      console.error('usage: node docker/kafka/kafka.mjs start|stop|status|restart');
      return 2;
  }
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[kafka] ERROR: ${err.message}`);
      process.exit(1);
    },
  );
}
