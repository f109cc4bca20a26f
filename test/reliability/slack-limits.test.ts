import { seedDueCheckins } from '../../scripts/seed-due-checkins';
import { promptedIds } from '../support/replicas';
import { type SlackStandin, type StandinCall, startSlackStandin } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Guarantee: the fan-out keeps to Slack's limits. About one message per second per channel (a short burst
 * allowed), a 429 honoured for its Retry-After without holding up other channels, a 5xx retried; and a person
 * with several check-ins due in one place gets one message listing them all, unless GROUP_PROMPTS is false.
 */
let standin: SlackStandin;

beforeAll(async () => {
  standin = await startSlackStandin();
});

afterAll(async () => {
  await standin?.close();
});

const posts = (calls: readonly StandinCall[], channel: string) =>
  calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);

describe('Slack limits in the fan-out', () => {
  let steward: StewardUnderTest;
  afterEach(async () => {
    await steward?.stop();
    standin.reset();
  });

  it('paces each channel to about one post a second, waits out a 429 on its own channel only, and retries a 5xx', async () => {
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T09:00:00Z', env: { GROUP_PROMPTS: 'false' } });
    const seeded = await seedDueCheckins(steward.app.store, {
      contracts: 4,
      kpisPerContract: 6,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'PACE',
    });
    // Slack's limit, as the stand-in enforces it: 1 a second per channel after a burst of 3.
    standin.enforceChannelRateLimit({ perSecond: 1, burst: 3 });
    standin.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    standin.failNext('chat.postMessage', { status: 503 });

    const started = Date.now();
    const result = await steward.app.services.checkins.dispatchDue(steward.clock());
    const took = Date.now() - started;
    expect(result.prompted).toBe(24);

    // Exactly once each, in its own channel.
    const posted = promptedIds(standin.calls);
    expect(posted).toHaveLength(24);
    expect(new Set(posted.map((p) => p.id))).toEqual(new Set(seeded.checkinIds));

    // The stand-in's own limiter never had to refuse: the only 429 was the injected one.
    expect(standin.rejected).toHaveLength(1);
    const limited = String(standin.rejected[0]!.body.channel);
    const limitedAt = standin.rejected[0]!.at;
    // The 503 was retried by the Web API client and its message went out once.
    expect(standin.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 503)).toHaveLength(1);

    for (const channel of seeded.byChannel.keys()) {
      const times = posts(standin.accepted(), channel).map((c) => c.at);
      expect(times).toHaveLength(6);
      // After a burst of three, at least about a second apart.
      for (let i = 3; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    }
    // The limited channel waited its two seconds; the others kept posting meanwhile.
    const limitedPosts = posts(standin.accepted(), limited).map((c) => c.at);
    expect(limitedPosts.every((at) => at >= limitedAt + 1_900 || at < limitedAt)).toBe(true);
    const othersDuringPause = [...seeded.byChannel.keys()]
      .filter((channel) => channel !== limited)
      .flatMap((channel) => posts(standin.accepted(), channel))
      .filter((c) => c.at > limitedAt && c.at < limitedAt + 1_900);
    expect(othersDuringPause.length).toBeGreaterThan(0);
    // Six posts per channel at 1/s after a burst of 3 need 3 s; the 429 adds its 2 s to one channel only.
    expect(took).toBeLessThan(10_000);
  }, 30_000);

  it('sends a person one message listing all their check-ins due in one place', async () => {
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T09:00:00Z' });
    const seeded = await seedDueCheckins(steward.app.store, {
      contracts: 2,
      kpisPerContract: 4,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'GROUP',
    });
    await steward.app.services.checkins.dispatchDue(steward.clock());
    for (const [channel, ids] of seeded.byChannel) {
      const messages = posts(standin.accepted(), channel);
      expect(messages).toHaveLength(1);
      const listed = promptedIds(messages).map((p) => p.id);
      expect(listed.sort()).toEqual([...ids].sort());
      for (const n of [1, 2, 3, 4]) expect(JSON.stringify(messages[0]!.body.blocks)).toContain(`KPI ${n}`);
    }
  });

  it('sends one message per check-in when GROUP_PROMPTS is false', async () => {
    steward = await startStewardWithSlack({ standin, start: '2026-03-02T09:00:00Z', env: { GROUP_PROMPTS: 'false' } });
    const seeded = await seedDueCheckins(steward.app.store, {
      contracts: 1,
      kpisPerContract: 3,
      dueAt: new Date('2026-03-02T08:00:00Z'),
      prefix: 'SINGLE',
    });
    await steward.app.services.checkins.dispatchDue(steward.clock());
    const [channel] = seeded.byChannel.keys();
    expect(posts(standin.accepted(), channel!)).toHaveLength(3);
  });
});
