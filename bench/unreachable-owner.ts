import { seedDueCheckins } from '../scripts/seed-due-checkins';
import { startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import { fixedClock } from '../src/domain/clock';
import { createLogger } from '../src/logger';
import type { StandinProcess } from './support';

export interface UnreachableOwnerResult {
  contracts: number;
  checkins: number;
  /** Median seconds until every check-in was prompted, outside the value window (nothing else to do). */
  baselineSeconds: number;
  /** The same fan-out on the 5th of a month, when every contract's value check-in is due and its owner unknown. */
  unreachableSeconds: number;
  ratio: number;
  rounds: number;
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
  const run = async (at: string, round: number): Promise<{ seconds: number; checkins: number }> => {
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
      logger: createLogger('silent'),
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
      return { seconds, checkins: total };
    } finally {
      await steward.database.connection.dropDatabase().catch(() => undefined);
      await steward.stop();
    }
  };
  const baseline: number[] = [];
  const unreachable: number[] = [];
  let checkins = 0;
  await options.standin.reset();
  for (let round = 0; round < options.rounds; round += 1) {
    // 13 January: no value window, no review morning. 5 January: value window, not the review morning.
    baseline.push((await run('2027-01-13T10:00:00Z', round)).seconds);
    const result = await run('2027-01-05T10:00:00Z', round);
    unreachable.push(result.seconds);
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
  };
}
