// Processes: only ever the pid this runner wrote itself, recognised by its command line
// (kafka.Kafka with this data dir's marker); signalled as a process group, SIGTERM then SIGKILL.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { MAIN_CLASS, MARKER_PROP } from './configure.mjs';
import { POLL_MS, readText, secs, sleep } from './io.mjs';

const STOP_TIMEOUT_MS = 60_000;
const KILL_TIMEOUT_MS = 10_000;

export async function procInfo(pid) {
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

export function isOurBroker(info, cfg) {
  return Boolean(
    info.alive && info.cmdline.includes(MAIN_CLASS) && info.cmdline.includes(`-D${MARKER_PROP}=${cfg.dataDir}`),
  );
}

export function readPid(cfg) {
  const n = parseInt(readText(cfg.pidFile) ?? '', 10);
  return Number.isInteger(n) && n > 1 ? n : null;
}

export function removePidFile(cfg) {
  fs.rmSync(cfg.pidFile, { force: true });
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

export async function stopPid(cfg, pid) {
  const info = await procInfo(pid);
  if (!info.alive) return 'gone';
  await signal(pid, info.pgid, 'SIGTERM');
  if (await waitGone(pid, STOP_TIMEOUT_MS)) return 'terminated';
  cfg.log(`pid ${pid} still alive after ${secs(STOP_TIMEOUT_MS)}, sending SIGKILL`);
  await signal(pid, info.pgid, 'SIGKILL');
  if (await waitGone(pid, KILL_TIMEOUT_MS)) return 'killed';
  throw new Error(`could not stop Kafka broker pid ${pid}`);
}
