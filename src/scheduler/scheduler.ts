import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';

/** One unit of scheduled work; `run` must be safe to call on every replica at once (claims do the sharing). */
export interface ScheduledJob {
  name: string;
  /**
   * What the job reads (contracts, check-ins, …). With topics, a run that answers `{ nextRunAt }` is not
   * repeated before that time unless one of its topics changes: idle ticks then cost one small read.
   * Without topics the job runs on every tick.
   */
  topics?: readonly string[];
  run(now: Date): Promise<unknown>;
}

/** Shared across replicas (the store's scheduler_state collection): see src/store/scheduler-state.ts. */
export interface SchedulerStatePort {
  read(): Promise<{ jobs: Map<string, { startedAt: Date; nextRunAt: Date | null }>; topics: Map<string, Date> }>;
  settle(job: string, state: { startedAt: Date; nextRunAt: Date | null }): Promise<void>;
}

/** A change this long before a run started may not have been seen by it (writes coalesced, replicas' clocks). */
export const CHANGE_MARGIN_MS = 5_000;

/** The job's answer, when it says when it next has work: a Date, or null for "not until a topic changes". */
function nextRunAtOf(result: unknown): Date | null | undefined {
  if (typeof result !== 'object' || result === null || !('nextRunAt' in result)) return undefined;
  const next = (result as { nextRunAt: unknown }).nextRunAt;
  return next instanceof Date || next === null ? next : undefined;
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
  /** Where jobs' next-run times and topics' changes are kept; without it every job runs on every tick. */
  state?: SchedulerStatePort;
  /** Told how long each job that ran took and whether it failed (metrics); jobs with nothing due are not told. */
  observeJob?: (job: string, seconds: number, outcome: 'ok' | 'failed') => void;
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
  state,
  observeJob = () => undefined,
}: SchedulerOptions): Scheduler {
  let failing = false;
  let running: Promise<void> | undefined;

  const tick = async () => {
    // A slow tick (a large fan-out, a database outage) must not pile up behind itself.
    if (running) return running;
    running = (async () => {
      let anyFailed = false;
      let checkReady = true;
      let known: Awaited<ReturnType<SchedulerStatePort['read']>> | undefined;
      for (const job of jobs) {
        if (checkReady && !(await ready().catch(() => false))) {
          anyFailed = true;
          logger.warn({ job: job.name }, 'database unreachable: the rest of this tick is skipped and retried');
          break;
        }
        checkReady = false;
        const now = clock();
        let started: number | undefined;
        try {
          if (state && job.topics && !known) known = await state.read();
          if (known && job.topics && nothingDue(job, known, now)) continue;
          started = performance.now();
          const result = await job.run(now);
          const durationMs = Math.round(performance.now() - started);
          observeJob(job.name, durationMs / 1000, 'ok');
          started = undefined;
          // What this job wrote may wake the next one in this same tick.
          known = undefined;
          const nextRunAt = nextRunAtOf(result);
          if (state && job.topics && nextRunAt !== undefined)
            await state.settle(job.name, { startedAt: now, nextRunAt });
          logger.debug({ job: job.name, result, durationMs }, 'scheduled job done');
        } catch (error) {
          if (started !== undefined) observeJob(job.name, (performance.now() - started) / 1000, 'failed');
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

/**
 * True when the job's last run said when it next has work, that time has not come, and nothing it reads
 * changed since that run started. A clock that went back (a test, a corrected host clock) runs the job.
 */
function nothingDue(job: ScheduledJob, known: Awaited<ReturnType<SchedulerStatePort['read']>>, now: Date): boolean {
  const last = known.jobs.get(job.name);
  if (!last || now < last.startedAt) return false;
  if (last.nextRunAt !== null && last.nextRunAt <= now) return false;
  const seenUpTo = last.startedAt.getTime() - CHANGE_MARGIN_MS;
  return !(job.topics ?? []).some((topic) => (known.topics.get(topic)?.getTime() ?? 0) > seenUpTo);
}
