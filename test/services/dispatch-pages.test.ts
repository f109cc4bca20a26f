import { seedDueCheckins } from '../../scripts/seed-due-checkins';
import { ChatSurfaces } from '../../src/chat/chat-surface';
import { fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { createServices, DEFAULT_SERVICE_SETTINGS } from '../../src/services';
import { createStore, type DueList } from '../../src/store';
import { useTestDatabase } from '../support/database';
import { RecordingSurface } from '../support/recording-surface';

/**
 * The dispatch run reads the due list a page at a time instead of holding it whole: every due check-in is
 * still prompted exactly once, in its own channel, and the run never holds more than a page of the list.
 */
const db = useTestDatabase();

async function setup(options: { groupPrompts: boolean; duePageSize: number; instanceId?: string }) {
  const clock = fixedClock('2026-03-02T09:00:00Z');
  const store = createStore(db.connection(), clock);
  await store.ensureIndexes();
  const surface = new RecordingSurface('slack');
  const surfaces = new ChatSurfaces();
  surfaces.register(surface);
  // Every page the run reads of the due list, by size.
  const pages: number[] = [];
  const dueList = store.checkins.dueList.bind(store.checkins);
  store.checkins.dueList = (now, pageSize): DueList => {
    const list = dueList(now, pageSize);
    return {
      next: async () => {
        const page = await list.next();
        pages.push(page.length);
        return page;
      },
      close: () => list.close(),
    };
  };
  const services = createServices({
    store,
    surfaces,
    clock,
    logger: createLogger('silent'),
    settings: { ...DEFAULT_SERVICE_SETTINGS, groupPrompts: options.groupPrompts, duePageSize: options.duePageSize },
    instanceId: options.instanceId ?? 'pages-replica',
  });
  return { clock, store, surface, services, pages };
}

const promptsOf = (surface: RecordingSurface) =>
  surface.posts.flatMap((post) =>
    post.kind === 'prompt'
      ? post.prompt.items.map((item) => ({ id: item.checkinId, channel: post.destination.channelId }))
      : [],
  );

describe('dispatch reads the due list a page at a time', () => {
  it('prompts each of 60 due check-ins exactly once in its channel, holding at most 7 of the list at once', async () => {
    const { clock, store, surface, services, pages } = await setup({ groupPrompts: false, duePageSize: 7 });
    const seeded = await seedDueCheckins(store, {
      contracts: 12,
      kpisPerContract: 5,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'PAGE',
    });
    const first = await services.checkins.dispatchDue(clock());
    const again = await services.checkins.dispatchDue(clock());

    expect(first.prompted).toBe(60);
    expect(again.prompted).toBe(0);
    const prompted = promptsOf(surface);
    expect(prompted).toHaveLength(60);
    expect(new Set(prompted.map((p) => p.id)).size).toBe(60);
    for (const [channel, ids] of seeded.byChannel) {
      expect(
        prompted
          .filter((p) => p.channel === channel)
          .map((p) => p.id)
          .sort(),
      ).toEqual([...ids].sort());
    }
    expect(Math.max(...pages)).toBe(7);
    expect(pages.filter((size) => size > 0).length).toBeGreaterThanOrEqual(9);
    expect((await store.checkins.countByStatus()).prompted).toBe(60);
  });

  it('with grouped prompts, two replicas ticking together still prompt each check-in once', async () => {
    const one = await setup({ groupPrompts: true, duePageSize: 5, instanceId: 'pages-a' });
    const two = await setup({ groupPrompts: true, duePageSize: 5, instanceId: 'pages-b' });
    await seedDueCheckins(one.store, {
      contracts: 10,
      kpisPerContract: 3,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'GROUP',
    });
    const results = await Promise.all([
      one.services.checkins.dispatchDue(one.clock()),
      two.services.checkins.dispatchDue(two.clock()),
    ]);
    const prompted = [...promptsOf(one.surface), ...promptsOf(two.surface)];
    expect(results[0].prompted + results[1].prompted).toBe(30);
    expect(prompted).toHaveLength(30);
    expect(new Set(prompted.map((p) => p.id)).size).toBe(30);
    expect(Math.max(...one.pages, ...two.pages)).toBeLessThanOrEqual(5);
  });
});
