import type { Logger } from '@salesgraph/logging';

export interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * main.ts helper: starts the service, and on SIGTERM/SIGINT stops taking work, drains and
 * closes, then exits 0 (or 1 if stopping failed or took longer than the grace period).
 */
export function runProcess(service: Lifecycle, logger: Logger, graceMs: number): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, graceMs);
    timer.unref();
    service.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.name : String(error) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  service.start().then(
    () => logger.info('started'),
    (error: unknown) => {
      logger.fatal({ err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, 'start failed');
      process.exit(1);
    },
  );
}
