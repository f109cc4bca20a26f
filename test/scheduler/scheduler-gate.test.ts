import mongoose, { type Connection } from 'mongoose';
import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { type ScheduledJob, startScheduler } from '../../src/scheduler/scheduler';
import { createStore, type Store } from '../../src/store';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

/**
 * A tick runs a job only when its time has come or something it reads changed: an idle tick does no job's work.
 * The state lives in the database, so replicas share it.
 */
let connection: Connection;
let store: Store;
const clock = fixedClock('2027-01-10T10:00:00Z');

beforeAll(async () => {
  connection = await mongoose
    .createConnection(`${testDatabaseUri()}${uniqueDatabaseName('gate')}`, { autoIndex: false })
    .asPromise();
  store = createStore(connection, clock);
  await store.ensureIndexes();
});

afterAll(async () => {
  await connection?.dropDatabase().catch(() => undefined);
  await connection?.close();
});

function countingJob(name: string, topics: string[], nextRunAt: () => Date | null): ScheduledJob & { runs: number } {
  const job = {
    name,
    topics,
    runs: 0,
    async run() {
      job.runs += 1;
      return { nextRunAt: nextRunAt() };
    },
  };
  return job;
}

describe('scheduler ticks', () => {
  it('skip a job until its next-run time or a change to what it reads, on any replica', async () => {
    const inAnHour = new Date('2027-01-10T11:00:00Z');
    const hourly = countingJob('hourly', ['contracts'], () => inAnHour);
    const ungated = { name: 'every-tick', runs: 0, run: async () => (ungated.runs += 1) };
    const scheduler = startScheduler({
      jobs: [hourly, ungated],
      clock,
      logger: createLogger('silent'),
      expression: '0 0 1 1 *',
      state: store.schedulerState,
    });
    // A second replica sharing the database.
    const otherHourly = countingJob('hourly', ['contracts'], () => inAnHour);
    const replica = startScheduler({
      jobs: [otherHourly],
      clock,
      logger: createLogger('silent'),
      expression: '0 0 1 1 *',
      state: createStore(connection, clock).schedulerState,
    });
    try {
      await scheduler.tick();
      expect(hourly.runs).toBe(1);
      for (let i = 0; i < 5; i += 1) {
        clock.advance(60_000);
        await scheduler.tick();
        await replica.tick();
      }
      // Nothing due, nothing changed: neither replica ran it again; a job without topics runs every tick.
      expect(hourly.runs + otherHourly.runs).toBe(1);
      expect(ungated.runs).toBe(6);

      // A write to a contract wakes it on the next tick (on whichever replica ticks first), once.
      await store.contracts.create({
        reference: 'GATE-1',
        title: 'Gate',
        vendor: { name: 'Vendor', contacts: [] },
        value: { amount: 1, currency: 'EUR' },
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        status: 'active',
        timezone: 'UTC',
        governance: {},
        escalationPath: [],
        channels: [],
        holidays: { buyer: [], vendor: [] },
      });
      clock.advance(60_000);
      await replica.tick();
      expect(otherHourly.runs).toBe(1);
      clock.advance(10_000);
      await scheduler.tick();
      expect(hourly.runs).toBe(1);

      // Its time comes: it runs.
      clock.set('2027-01-10T11:00:00Z');
      await scheduler.tick();
      expect(hourly.runs).toBe(2);

      // A clock that went back (a corrected host clock) does not leave it asleep.
      clock.set('2027-01-10T09:00:00Z');
      await scheduler.tick();
      expect(hourly.runs).toBe(3);
    } finally {
      await scheduler.stop();
      await replica.stop();
    }
  });
});
