import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';

/** One unit of scheduled work; `run` must be safe to call on every replica at once (claims do the sharing). */
export interface ScheduledJob {
  name: string;
  run(now: Date): Promise<unknown>;
}

export interface SchedulerOptions {
  jobs: ScheduledJob[];
  clock: Clock;
  logger: Logger;
  /** Every minute by default; due times are computed per contract and timezone, so one UTC tick serves every local hour. */
  expression?: string;
}

export interface Scheduler {
  /** Runs every job once now, in order; used by the cron tick and by tests that move the clock. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  /** True while the last tick failed (for example the database was away). */
  degraded(): boolean;
}

export function startScheduler({ jobs, clock, logger, expression = '* * * * *' }: SchedulerOptions): Scheduler {
  let failing = false;
  let running: Promise<void> | undefined;

  const tick = async () => {
    // A slow tick (a large fan-out, a database outage) must not pile up behind itself.
    if (running) return running;
    running = (async () => {
      let anyFailed = false;
      for (const job of jobs) {
        const now = clock();
        try {
          const result = await job.run(now);
          logger.debug({ job: job.name, result }, 'scheduled job done');
        } catch (error) {
          anyFailed = true;
          logger.error({ err: error, job: job.name }, 'scheduled job failed; it runs again on the next tick');
        }
      }
      if (anyFailed !== failing) logger.warn(anyFailed ? 'scheduler degraded' : 'scheduler recovered');
      failing = anyFailed;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const task: ScheduledTask = cron.schedule(expression, () => tick(), { name: 'steward-tick', noOverlap: true });

  return {
    tick,
    degraded: () => failing,
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
