import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDueCheckins } from '../../scripts/seed-due-checkins';
import { type EmbeddedDatabase, freeLoopbackPort, startEmbeddedDatabase } from '../../src/store/embedded-database';
import { promptedIds } from '../support/replicas';
import { type SlackStandin, startSlackStandin } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Guarantee: the database going away in the middle of a tick costs nothing. The service stays up, says it is
 * degraded on /healthz while the database is down, retries on later ticks, and in the end every due check-in
 * is prompted exactly once. The database here is an embedded FerretDB of this test's own, stopped and
 * started again on the same port and files.
 */
let dataDir: string;
let port: number;
let database: EmbeddedDatabase | undefined;
let standin: SlackStandin;
let steward: StewardUnderTest;

const startDatabase = async () => {
  database = await startEmbeddedDatabase({ dataDir, port });
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'steward-outage-'));
  port = await freeLoopbackPort();
  await startDatabase();
  standin = await startSlackStandin();
  steward = await startStewardWithSlack({
    standin,
    start: '2026-03-02T09:00:00Z',
    env: {
      MONGODB_URI: `mongodb://127.0.0.1:${port}/`,
      // The scheduler is on, but its cron never fires during the test: the test ticks it by hand.
      SCHEDULER_ENABLED: 'true',
      SCHEDULER_TICK_CRON: '0 0 1 1 *',
      GROUP_PROMPTS: 'false',
    },
  });
}, 60_000);

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${steward.app.url}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function waitUntil(what: string, done: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the database stops during a tick and comes back', () => {
  it('reports degraded, stays up, retries, and prompts every check-in exactly once', async () => {
    const seeded = await seedDueCheckins(steward.app.store, {
      contracts: 60,
      kpisPerContract: 10,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'OUTAGE',
    });
    expect((await health()).status).toBe(200);
    const scheduler = steward.app.scheduler!;

    // A tick starts the fan-out (Slack answering slowly enough that it is still under way); the database
    // stops under it.
    standin.setLatency(50);
    const firstTick = scheduler.tick();
    await standin.waitFor((c) => c.method === 'chat.postMessage' && c.ok, { count: 50, timeoutMs: 20_000 });
    await database!.stop();
    await firstTick;
    expect(scheduler.degraded()).toBe(true);
    standin.setLatency(0);
    const atOutage = await steward.app.store.checkins.countByStatus().catch(() => null);
    expect(atOutage).toBeNull();

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'down', scheduler: 'retrying' });

    // Ticks during the outage end early and change nothing; the service keeps answering.
    const postsDuringOutage = standin.accepted('chat.postMessage').length;
    const started = Date.now();
    await scheduler.tick();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(standin.accepted('chat.postMessage')).toHaveLength(postsDuringOutage);
    expect((await health()).status).toBe(503);

    await startDatabase();
    // The driver may first have to give up a heartbeat caught by the restart (connectTimeoutMS, 10 s). Alone this
    // takes 5–15 s; beside the whole suite on 2 cores it once took over 45 s (the restarted FerretDB and the
    // driver's monitor both wait for CPU), so the deadline is generous: it bounds a hang, it times nothing.
    await waitUntil('the database answers again', async () => (await health()).body.database === 'up', 100_000);
    // A read racing the pool's reconnection may fail once, as a person's command would; a retry succeeds.
    await waitUntil('the store reads again', async () =>
      steward.app.store.checkins.countByStatus().then(
        () => true,
        () => false,
      ),
    );
    // The next ticks finish the fan-out.
    const prompted = async () => (await steward.app.store.checkins.countByStatus()).prompted;
    expect(await prompted()).toBeLessThan(600);
    // Cron ticks once a minute, and so does the test's clock: a prompt the outage interrupted after Slack had it
    // is looked at again five minutes later (its intent says to look before posting), and each tick posts only
    // what it can before its claims run out (fewer on a loaded machine). Half an hour of ticks at most.
    for (let minute = 0; minute < 30 && (await prompted()) < 600; minute += 1) {
      steward.clock.advance(60_000);
      await scheduler.tick();
    }
    expect(scheduler.degraded()).toBe(false);
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', database: 'up', scheduler: 'ok' } });

    expect(await steward.app.store.checkins.countByStatus()).toMatchObject({ pending: 0, prompted: 600 });
    const posted = promptedIds(standin.calls);
    const perCheckin = new Map<string, number>();
    for (const { id } of posted) perCheckin.set(id, (perCheckin.get(id) ?? 0) + 1);
    expect(perCheckin.size).toBe(600);
    expect([...perCheckin.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(new Set(perCheckin.keys())).toEqual(new Set(seeded.checkinIds));
  }, 200_000);
});
