import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line: credentials and personal data (LGPD). */
const redact = [
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.cpf',
  'cpf',
  '*.birthDate',
  'birthDate',
  '*.email',
  '*.phone',
  'variables',
  '*.variables',
];

export function createLogger(name: string, level: string = 'info'): Logger {
  return pino({
    name,
    level,
    redact: { paths: redact, censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** One line that names an error without its stack or driver text (which may carry SQL or data). */
export function describeError(error: unknown): { name: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: typeof error };
}
