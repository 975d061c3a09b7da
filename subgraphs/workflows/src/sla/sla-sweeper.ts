import type { EntityManager } from '@mikro-orm/postgresql';
import type { BackgroundWorker } from '@salesgraph/subgraph';
import type { Clock } from '../clock.js';
import { Task } from '../task/task.entity.js';
import { recordTaskEvent, taskSnapshot } from '../task/task.events.js';

export interface SlaSweeperOptions {
  /** The ORM's root EntityManager; each sweep forks its own unit of work. */
  readonly em: EntityManager;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly batchSize: number;
  readonly onError?: (error: unknown) => void;
}

export interface SlaSweeper extends BackgroundWorker {
  /** One pass: marks up to batchSize overdue open tasks as breached; resolves with how many. */
  sweepOnce(): Promise<number>;
}

/**
 * Marks every OPEN task past `dueAt` as breached exactly once and writes its `sla.breached`
 * event to the outbox in the same transaction. Safe with any number of instances: rows are
 * claimed with `for update skip locked`, and a claimed row is re-checked (`breached_at is
 * null`) after the lock, so two sweepers never breach the same task.
 *
 * Only a task whose row holds the newest event recorded for it is swept. Live that is every
 * task (row and event are written together), but while workflows.tasks is being rebuilt, or
 * after a rebuild before the relay has published what was left in the outbox, a row can be
 * behind its own events: it may already be breached, completed or cancelled there, and
 * breaching it would write a second breach under a version that event already has.
 */
export function createSlaSweeper(options: SlaSweeperOptions): SlaSweeper {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function sweepOnce(): Promise<number> {
    const em = options.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tx) => {
      const now = options.clock();
      const rows = await tx.execute<Record<string, unknown>[]>(
        `with due as (
           select c.id from "workflows"."task" c
           where c.status = 'OPEN' and c.breached_at is null and c.due_at <= ?
             and not exists (
               select 1 from "workflows"."outbox" o
               where o.message_key = c.id::text and (o.payload->>'aggregateVersion')::int > c.version
             )
           order by c.due_at, c.id limit ? for update skip locked
         )
         update "workflows"."task" t set breached_at = ?, version = t.version + 1, updated_at = ?
         from due where t.id = due.id returning t.*`,
        [now, options.batchSize, now, now],
      );
      for (const row of rows) {
        const task = tx.map(Task, row);
        recordTaskEvent(
          tx,
          task,
          'sla.breached',
          task.version,
          { task: taskSnapshot(task), breachedAt: now.toISOString() },
          { actor: 'workflows.sla-sweeper' },
        );
      }
      await tx.flush();
      return rows.length;
    });
  }

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.intervalMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function run(): Promise<void> {
    while (running) {
      try {
        // A full batch means there may be more: sweep again at once.
        if ((await sweepOnce()) >= options.batchSize) continue;
      } catch (error) {
        options.onError?.(error);
      }
      if (running) await pause();
    }
  }

  return {
    sweepOnce,
    async start() {
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
