// Resolving the broker's jars: Java 17+ on PATH, and the Kafka classpath from Maven Central
// (pom.xml), cached in <repo>/.data/kafka/classpath.txt.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { secs } from './io.mjs';
import { DEFAULT_DATA_DIR, POM } from './paths.mjs';

// The classpath depends only on pom.xml and ~/.m2, so it is cached in the repo's
// .data/kafka even when KAFKA_DATA_DIR points a broker elsewhere.
const CLASSPATH_FILE = path.join(DEFAULT_DATA_DIR, 'classpath.txt');

/** Runs a command to completion: { code, signal, output } (stdout and stderr together). */
export function run(cmd, args, opts = {}) {
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

export async function checkJava() {
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

export async function resolveClasspath(cfg) {
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
