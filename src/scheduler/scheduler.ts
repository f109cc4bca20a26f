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
  /**
   * Whether the jobs can run at all (the database answers). Asked before a tick and after a job fails: while
   * it says no, the tick stops there instead of letting every job wait out the driver's timeouts in turn.
   */
  ready?: () => Promise<boolean>;
}

export interface Scheduler {
  /** Runs every job once now, in order; used by the cron tick and by tests that move the clock. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  /** True while the last tick failed (for example the database was away). */
  degraded(): boolean;
}

export function startScheduler({
  jobs,
  clock,
  logger,
  expression = '* * * * *',
  ready = async () => true,
}: SchedulerOptions): Scheduler {
  let failing = false;
  let running: Promise<void> | undefined;

  const tick = async () => {
    // A slow tick (a large fan-out, a database outage) must not pile up behind itself.
    if (running) return running;
    running = (async () => {
      let anyFailed = false;
      let checkReady = true;
      for (const job of jobs) {
        if (checkReady && !(await ready().catch(() => false))) {
          anyFailed = true;
          logger.warn({ job: job.name }, 'database unreachable: the rest of this tick is skipped and retried');
          break;
        }
        checkReady = false;
        const now = clock();
        try {
          const result = await job.run(now);
          logger.debug({ job: job.name, result }, 'scheduled job done');
        } catch (error) {
          anyFailed = true;
          checkReady = true;
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

  // `tick` itself keeps runs from overlapping (a late tick joins the running one); node-cron's own noOverlap
  // would log a warning on every tick of a long fan-out.
  const task: ScheduledTask = cron.schedule(expression, () => tick(), { name: 'steward-tick' });

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
