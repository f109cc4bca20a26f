import type { ChatDestination, ChatNotice, EscalationView } from '../../src/chat/chat-surface';
import { DeliveryFailure } from '../../src/chat/delivery-failure';
import { useTestDatabase } from '../support/database';
import { setupServices, vendor } from '../support/service-harness';

/**
 * Guarantee: an escalation post that fails for a passing reason (a 5xx, a 429, the network) is tried again with
 * backoff until it goes out, so nobody misses an escalation because Slack hiccuped once; a failure that will
 * not pass (an unknown channel) is not tried again.
 */
const database = useTestDatabase();

const unavailable = (method: string) =>
  new DeliveryFailure('transient', 'http_503', method, { kind: 'channel', id: 'C0INTERNAL' });

async function redScore(reference: string) {
  const harness = await setupServices(database.connection(), reference);
  const { clock, services, surface } = harness;
  await services.checkins.createDueCheckins(clock());
  await services.checkins.dispatchDue(clock());
  const checkinId = surface.ofKind('prompt')[0]!.prompt.items[0]!.checkinId;
  return { ...harness, submit: () => services.checkins.submitScore(vendor, checkinId, { value: '97.2' }) };
}

describe('escalation posts that fail', () => {
  it('posts the escalation again after a 503, with backoff, and threads it', async () => {
    const { clock, store, surface, services, submit } = await redScore('POSTS-2026-001');
    const original = surface.postEscalation.bind(surface);
    let failures = 2;
    surface.postEscalation = async (destination: ChatDestination, view: EscalationView) => {
      if (failures > 0) {
        failures -= 1;
        throw unavailable('chat.postMessage');
      }
      return original(destination, view);
    };

    expect((await submit()).escalationOpened).toBe(true);
    const [opened] = await store.escalations.listActive({ contractRef: 'POSTS-2026-001' });
    expect(opened?.threads).toEqual([]);
    expect(opened?.pendingPosts).toEqual([
      expect.objectContaining({ kind: 'root', channelId: 'C0INTERNAL', attempts: 1 }),
    ]);
    expect(await store.escalations.earliestPostRetry()).toEqual(new Date(clock().getTime() + 30_000));

    // Not before its time; then once, failing again (503): the next try waits twice as long.
    expect(await services.escalations.retryPosts(clock())).toBe(0);
    clock.advance(30_000);
    expect(await services.escalations.retryPosts(clock())).toBe(0);
    expect((await store.escalations.require(opened!.id)).pendingPosts).toEqual([
      expect.objectContaining({ attempts: 2, retryAt: new Date(clock().getTime() + 60_000) }),
    ]);
    clock.advance(60_000);
    expect(await services.escalations.retryPosts(clock())).toBe(1);

    const posted = surface.ofKind('escalation');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.destination).toMatchObject({ channelId: 'C0INTERNAL', purpose: 'internal' });
    expect(posted[0]?.escalation.facts).toEqual(expect.arrayContaining([{ label: 'Value', value: '97.2%' }]));
    const after = await store.escalations.require(opened!.id);
    expect(after.threads).toEqual([
      expect.objectContaining({ channelId: 'C0INTERNAL', threadTs: posted[0]?.message.messageId }),
    ]);
    expect(after.pendingPosts).toEqual([]);
    expect(await store.escalations.earliestPostRetry()).toBeNull();
    clock.advance(15 * 60_000);
    expect(await services.escalations.retryPosts(clock())).toBe(0);
    expect(surface.ofKind('escalation')).toHaveLength(1);
  });

  it('does not try again a post the channel will never take', async () => {
    const { clock, store, surface, services, submit } = await redScore('POSTS-2026-002');
    surface.postEscalation = async () => {
      throw new DeliveryFailure('unreachable', 'channel_not_found', 'chat.postMessage', {
        kind: 'channel',
        id: 'C0INTERNAL',
      });
    };
    await submit();
    const [opened] = await store.escalations.listActive({ contractRef: 'POSTS-2026-002' });
    expect(opened?.pendingPosts).toEqual([]);
    clock.advance(3_600_000);
    expect(await services.escalations.retryPosts(clock())).toBe(0);
  });

  it('posts a climb into the thread again after a 503, and gives up after ten tries', async () => {
    const { clock, store, surface, services, submit } = await redScore('POSTS-2026-003');
    await submit();
    const [opened] = await store.escalations.listActive({ contractRef: 'POSTS-2026-003' });
    const original = surface.postNotice.bind(surface);
    let failing = true;
    surface.postNotice = async (destination: ChatDestination, notice: ChatNotice) => {
      if (failing) throw unavailable('chat.postMessage');
      return original(destination, notice);
    };

    // Nobody acknowledged in 24 h: level 2, whose notice into the thread fails. (The escalations of the tests
    // above share the database, so counts are of this escalation's thread only.)
    const thread = surface.ofKind('escalation').find((e) => e.escalation.escalationId === opened!.id)!.message;
    const notices = () => surface.ofKind('notice').filter((n) => n.destination.threadId === thread.messageId);
    clock.advance(25 * 3_600_000);
    await services.escalations.climbDue(clock());
    expect((await store.escalations.require(opened!.id)).level).toBe(2);
    expect(notices()).toHaveLength(0);
    expect((await store.escalations.require(opened!.id)).pendingPosts).toEqual([
      expect.objectContaining({ kind: 'notice', attempts: 1, text: expect.stringContaining('level 2') }),
    ]);
    failing = false;
    clock.advance(30_000);
    await services.escalations.retryPosts(clock());
    const [notice] = notices();
    expect(notices()).toHaveLength(1);
    expect(notice?.notice.text).toContain('level 2');
    expect(notice?.notice.mention).toEqual([expect.objectContaining({ slackUserId: 'U0DIRECTOR' })]);
    expect((await store.escalations.require(opened!.id)).pendingPosts).toEqual([]);

    // A notice that never goes out is tried ten times in all, then dropped (and logged).
    failing = true;
    await store.escalations.updatePendingPosts(opened!.id, () => [
      {
        kind: 'notice',
        surface: 'slack',
        channelId: 'C0INTERNAL',
        threadId: notice!.destination.threadId,
        text: 'Still failing',
        attempts: 1,
        retryAt: clock(),
      },
    ]);
    let tries = 0;
    for (let i = 0; i < 20 && ((await store.escalations.require(opened!.id)).pendingPosts ?? []).length > 0; i += 1) {
      clock.advance(15 * 60_000);
      await services.escalations.retryPosts(clock());
      tries += 1;
    }
    expect(tries).toBe(POST_ATTEMPTS_AFTER_FIRST);
    expect((await store.escalations.require(opened!.id)).pendingPosts).toEqual([]);
  });
});

/** Ten tries in all: the first (when it failed) and nine more. */
const POST_ATTEMPTS_AFTER_FIRST = 9;
