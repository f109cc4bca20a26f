import mongoose from 'mongoose';
import { seedDueCheckins } from '../scripts/seed-due-checkins';
import { ChatSurfaces } from '../src/chat/chat-surface';
import { fixedClock } from '../src/domain/clock';
import { createLogger } from '../src/logger';
import { scheduledJobs } from '../src/scheduler/jobs';
import { startScheduler } from '../src/scheduler/scheduler';
import { createServices } from '../src/services';
import { DEFAULT_SERVICE_SETTINGS } from '../src/services/deps';
import { createStore } from '../src/store';
import { percentile } from './support';

export interface IdleTickResult {
  contracts: number;
  /** Database commands of a tick where every job has nothing due and nothing changed (the median tick). */
  roundTrips: number;
  /** The most in one tick: every quarter hour the day-granular follow-ups (actions, obligations, risks) look. */
  maxRoundTrips: number;
  p50Ms: number;
  p95Ms: number;
  /** The first tick after seeding, which reads everything once and records when each job next has work. */
  firstTickMs: number;
  firstTickRoundTrips: number;
  samples: number;
}

/**
 * The cost of a scheduler tick with nothing to do, at a portfolio's size: all jobs on, every check-in already
 * prompted, the clock a minute after the last busy tick. What a replica pays every minute of a quiet day.
 */
export async function idleTick(options: {
  mongoUri: string;
  contracts: number;
  samples?: number;
}): Promise<IdleTickResult> {
  const dbName = `bench_idle_${options.contracts}_${Date.now()}`;
  const connection = await mongoose
    .createConnection(options.mongoUri, { dbName, autoIndex: false, monitorCommands: true })
    .asPromise();
  let commands = 0;
  connection.getClient().on('commandStarted', () => {
    commands += 1;
  });
  // Mid-month, mid-morning: no value window, no review morning, no period end.
  const clock = fixedClock('2027-03-17T10:00:00Z');
  const store = createStore(connection, clock);
  try {
    await store.ensureIndexes();
    await seedDueCheckins(store, {
      contracts: options.contracts,
      kpisPerContract: 3,
      dueAt: new Date('2027-03-17T09:00:00Z'),
      prefix: 'IDLE',
    });
    // Already prompted, as after the morning's fan-out: the next thing any check-in needs is its reminder.
    await connection
      .collection('checkins')
      .updateMany({}, { $set: { status: 'prompted', nextActionAt: new Date('2027-03-18T09:00:00Z') } });
    const services = createServices({
      store,
      surfaces: new ChatSurfaces(),
      clock,
      logger: createLogger('silent'),
      instanceId: 'bench-idle',
      settings: DEFAULT_SERVICE_SETTINGS,
    });
    const scheduler = startScheduler({
      clock,
      logger: createLogger('silent'),
      expression: '0 0 1 1 *',
      state: store.schedulerState,
      jobs: scheduledJobs(services, store),
    });
    try {
      const measure = async () => {
        const before = commands;
        const started = performance.now();
        await scheduler.tick();
        return { ms: performance.now() - started, roundTrips: commands - before };
      };
      const first = await measure();
      // Two more busy ticks: the writes of the first (next-due times) wake their jobs once more.
      for (let i = 0; i < 2; i += 1) {
        clock.advance(60_000);
        await measure();
      }
      const samples: Array<{ ms: number; roundTrips: number }> = [];
      for (let i = 0; i < (options.samples ?? 30); i += 1) {
        clock.advance(60_000);
        samples.push(await measure());
      }
      const times = samples.map((s) => s.ms);
      return {
        contracts: options.contracts,
        roundTrips: percentile(
          samples.map((s) => s.roundTrips),
          50,
        ),
        maxRoundTrips: Math.max(...samples.map((s) => s.roundTrips)),
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        firstTickMs: first.ms,
        firstTickRoundTrips: first.roundTrips,
        samples: samples.length,
      };
    } finally {
      await scheduler.stop();
    }
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}
