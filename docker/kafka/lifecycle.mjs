// Starting and stopping the broker: one start at a time per data dir (a lock file), a start
// returns only once the broker serves requests, a stop only ever touches the broker it started.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { failureReport, fileSize, readFrom } from './broker-logs.mjs';
import { formatStorageIfNeeded, jvmArgs, MAIN_CLASS, resolveConfig, writeProperties } from './configure.mjs';
import { probe } from './health.mjs';
import { POLL_MS, readText, secs, sleep } from './io.mjs';
import { checkJava, resolveClasspath } from './jars.mjs';
import { isOurBroker, procInfo, readPid, removePidFile, stopPid } from './processes.mjs';

const START_TIMEOUT_MS = 120_000;

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
