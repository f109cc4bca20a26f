import { ChatSurfaces } from '../../src/chat/chat-surface';
import { DEMO_REFERENCES, seedDemoPortfolio } from '../../src/demo/demo-portfolio';
import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { startScheduler } from '../../src/scheduler/scheduler';
import { createServices, DEFAULT_SERVICE_SETTINGS } from '../../src/services';
import type { Actor } from '../../src/services/service-api';
import { createStore } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { RecordingSurface } from '../support/recording-surface';

/**
 * The README's playground tour, as the services live it: Steward starts with the demo portfolio, the scheduler
 * ticks every minute, and whenever the newcomer gets to it (the first minute or ten minutes later) "steward checkin
 * DEMO-2026-001 availability" sends a check-in they can answer, and a red score escalates. Before, the scheduler
 * prompted last month's check-ins at start (while nobody looked), marked them missed a minute later and opened
 * "nobody answered" escalations: the tour dead-ended.
 */
const database = useTestDatabase();
const ADELE = { name: 'Adele Vance', teamsUserId: '00000000-0000-0000-0000-0000000000020' };
const actor: Actor = { person: ADELE, surface: 'teams', external: false };

async function startedDemo(start: string) {
  const clock = fixedClock(start);
  const store = createStore(database.connection(), clock);
  await store.ensureIndexes();
  const surface = new RecordingSurface('teams');
  const surfaces = new ChatSurfaces();
  surfaces.register(surface);
  const logger = createLogger('silent');
  const services = createServices({
    store,
    surfaces,
    clock,
    logger,
    settings: { ...DEFAULT_SERVICE_SETTINGS, defaultTimezone: 'Europe/Berlin' },
    instanceId: 'demo',
  });
  const scheduler = startScheduler({ jobs: scheduledJobs(services, store), clock, logger, expression: '0 0 1 1 *' });
  const seeded = await seedDemoPortfolio(store, services, {
    conversationId: 'a:playground-personal-chat',
    serviceUrl: 'http://127.0.0.1:56150',
    user: ADELE,
  });
  /** The scheduler's every-minute tick, for `minutes` minutes. */
  const wait = async (minutes: number) => {
    for (let i = 0; i < minutes; i += 1) {
      clock.advance(60_000);
      await scheduler.tick();
    }
  };
  return { clock, store, surface, services, scheduler, seeded, wait };
}

describe('the demo portfolio', () => {
  afterEach(async () => {
    await database.connection().dropDatabase();
  });

  it.each([
    ['in the first minute', 1],
    ['ten minutes after start', 10],
    ['an afternoon later', 5 * 60],
  ])(
    'sends an answerable check-in on request %s, and a red score escalates',
    async (_when, minutes) => {
      const demo = await startedDemo('2026-12-07T09:30:00Z');
      expect(demo.seeded).toBe(true);
      await demo.scheduler.tick();
      await demo.wait(minutes);

      // Nothing was prompted, missed or escalated while nobody looked.
      expect(demo.surface.posts.map((post) => post.kind)).toEqual([]);
      expect(await demo.store.checkins.countByStatus()).toMatchObject({ prompted: 0, missed: 0 });

      expect(await demo.services.checkins.sendNow(actor, DEMO_REFERENCES[0], 'availability')).toMatchObject({
        prompted: 1,
      });
      const [prompt] = demo.surface.ofKind('prompt');
      expect(prompt?.destination.channelId).toBe('a:playground-personal-chat');
      const item = prompt!.prompt.items[0]!;

      // Still answerable ten minutes later: the grace runs from the prompt.
      await demo.wait(10);
      const answered = await demo.services.checkins.submitScore(actor, item.checkinId, { value: '97' });
      expect(answered).toMatchObject({ rag: 'red', escalationOpened: true });
      expect(demo.surface.ofKind('escalation').map((post) => post.escalation.trigger)).toEqual(['red-score']);
      await demo.scheduler.stop();
    },
    120_000,
  );

  it('shows an open obligation and a risk in the register from the first minute, neither prompting anyone yet', async () => {
    const demo = await startedDemo('2026-12-07T09:30:00Z');
    await demo.wait(5 * 60);
    expect(await demo.services.obligations.list(actor, DEMO_REFERENCES[0], { open: true })).toEqual([
      expect.objectContaining({ title: 'Quarterly service report', dueDate: '2026-12-21' }),
    ]);
    expect(await demo.services.risks.list(actor, DEMO_REFERENCES[0])).toEqual([
      expect.objectContaining({ title: 'Single data centre for the core network', likelihood: 2, impact: 5 }),
    ]);
    expect(demo.surface.posts).toEqual([]);
    await demo.scheduler.stop();
  });
});

describe('a check-in prompted late', () => {
  afterEach(async () => {
    await database.connection().dropDatabase();
  });

  it('gets the whole grace period from its prompt, not an instant "missed"', async () => {
    // Last month's check-ins, due days ago, prompted now (the demo's contracts, left to the scheduler).
    const demo = await startedDemo('2026-12-07T09:30:00Z');
    await demo.store.contracts.setNextDueMany(
      'checkins',
      await Promise.all(
        DEMO_REFERENCES.map(async (ref) => ({ contract: await demo.store.contracts.require(ref), at: demo.clock() })),
      ),
    );
    await demo.wait(2);
    expect(await demo.store.checkins.countByStatus()).toMatchObject({ prompted: 4, missed: 0 });
    await demo.wait(60);
    expect(await demo.store.checkins.countByStatus()).toMatchObject({ prompted: 4, missed: 0 });
    expect(demo.surface.ofKind('escalation')).toEqual([]);

    demo.clock.advance(DEFAULT_SERVICE_SETTINGS.graceHours * 3_600_000);
    await demo.scheduler.tick();
    await demo.scheduler.tick();
    expect(await demo.store.checkins.countByStatus()).toMatchObject({ prompted: 0, missed: 4 });
    await demo.scheduler.stop();
  }, 120_000);
});
