// The broker's logs: the tail shown when a start fails, and what a start wrote since it began.

import fs from 'node:fs';
import { readText } from './io.mjs';

const LOG_TAIL_LINES = 40;

function tail(file, n = LOG_TAIL_LINES) {
  const text = readText(file);
  if (!text) return '';
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(-n).join('\n');
}

export function readFrom(file, offset) {
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

export function fileSize(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export function failureReport(cfg, headline) {
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
