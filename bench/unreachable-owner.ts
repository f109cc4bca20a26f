import { seedDueCheckins } from '../scripts/seed-due-checkins';
import { startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import { fixedClock } from '../src/domain/clock';
import { createLogger } from '../src/logger';
import type { StandinProcess } from './support';

/** Sums the scheduler's per-job durations ("scheduled job done" debug records) by job name. */
function jobTimer(): { stream: { write(line: string): void }; totals: Map<string, number> } {
  const totals = new Map<string, number>();
  return {
    totals,
    stream: {
      write(line: string) {
        const record = JSON.parse(line) as { job?: string; durationMs?: number };
        if (record.job && typeof record.durationMs === 'number') {
          totals.set(record.job, (totals.get(record.job) ?? 0) + record.durationMs);
        }
      },
    },
  };
}

export interface UnreachableOwnerResult {
  contracts: number;
  checkins: number;
  /** Median seconds until every check-in was prompted, outside the value window (nothing else to do). */
  baselineSeconds: number;
  /** The same fan-out on the 5th of a month, when every contract's value check-in is due and its owner unknown. */
  unreachableSeconds: number;
  ratio: number;
  rounds: number;
  /** Seconds each scheduled job took in the last round of each kind, largest first. */
  baselineJobs: Array<[string, number]>;
  unreachableJobs: Array<[string, number]>;
}

/**
 * The fan-out of 600 contracts' check-ins with the whole scheduler on, ticked by hand, on a quiet day and on a
 * day of the value window whose every contract names an owner Slack does not know (`user_not_found`).
 * Rounds alternate, and the medians are compared: one round is noise on two cores.
 */
export async function unreachableOwner(options: {
  mongoUri: string;
  standin: StandinProcess;
  contracts: number;
  rounds: number;
}): Promise<UnreachableOwnerResult> {
  const run = async (
    at: string,
    round: number,
  ): Promise<{ seconds: number; checkins: number; jobs: Array<[string, number]> }> => {
    const timer = jobTimer();
    const clock = fixedClock(at);
    const config = loadConfig({
      PORT: '0',
      MONGODB_URI: options.mongoUri,
      SCHEDULER_ENABLED: 'true',
      SCHEDULER_TICK_CRON: '0 0 1 1 *',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: options.standin.apiUrl,
      TZ_DEFAULT: 'UTC',
      PLAYGROUND: 'false',
      GROUP_PROMPTS: 'false',
    });
    const steward = await startSteward({
      config,
      logger: createLogger('debug', timer.stream),
      clock,
      dbName: `bench_unreachable_${round}_${at.slice(8, 10)}`,
      instanceId: `bench-unreachable-${round}`,
    });
    try {
      const seeded = await seedDueCheckins(steward.store, {
        contracts: options.contracts,
        kpisPerContract: 3,
        dueAt: new Date(clock().getTime() - 60_000),
        prefix: 'UNREACH',
      });
      const total = seeded.checkinIds.length;
      const started = performance.now();
      for (let tick = 0; tick < 30; tick += 1) {
        await steward.scheduler?.tick();
        if ((await steward.store.checkins.countByStatus()).prompted >= total) break;
        clock.advance(60_000);
      }
      const seconds = (performance.now() - started) / 1000;
      if ((await steward.store.checkins.countByStatus()).prompted < total) throw new Error('fan-out did not finish');
      const jobs = [...timer.totals].map(([job, ms]): [string, number] => [job, ms / 1000]);
      return { seconds, checkins: total, jobs: jobs.sort((a, b) => b[1] - a[1]) };
    } finally {
      await steward.database.connection.dropDatabase().catch(() => undefined);
      await steward.stop();
    }
  };
  const baseline: number[] = [];
  const unreachable: number[] = [];
  let checkins = 0;
  let baselineJobs: Array<[string, number]> = [];
  let unreachableJobs: Array<[string, number]> = [];
  await options.standin.reset();
  for (let round = 0; round < options.rounds; round += 1) {
    // 13 January: no value window, no review morning. 5 January: value window, not the review morning.
    const quiet = await run('2027-01-13T10:00:00Z', round);
    baseline.push(quiet.seconds);
    baselineJobs = quiet.jobs;
    const result = await run('2027-01-05T10:00:00Z', round);
    unreachable.push(result.seconds);
    unreachableJobs = result.jobs;
    checkins = result.checkins;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return {
    contracts: options.contracts,
    checkins,
    baselineSeconds: median(baseline),
    unreachableSeconds: median(unreachable),
    ratio: median(unreachable) / median(baseline),
    rounds: options.rounds,
    baselineJobs,
    unreachableJobs,
  };
}
