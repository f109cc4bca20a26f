import { type ViewStateValue, webApi } from '@slack/bolt';
import { type OpenedView, openedView, pick, submitView } from '../support/slack-e2e';
import { blockActionPayload } from '../support/slack-requests';
import { type SlackStandin, type StoredMessage, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, seedAvailabilityContract, startStewardWithSlack } from '../support/steward-harness';

/**
 * chat.update is Tier 3 for the whole workspace: a change a person makes on a prompt or an escalation costs
 * one update of each message that shows it, and no read of the message back (conversations.history).
 */
const OWNER = TEST_WORKSPACE.user.id;
const INTERNAL = 'C0UPDATES';
const REF = 'UPDATES-2026-001';

let standin: SlackStandin;
let steward: StewardUnderTest;
let counter = 0;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: OWNER, team_id: TEST_WORKSPACE.teamId, name: 'alice', real_name: 'Alice Example', tz: 'Europe/Berlin' },
    ],
    channels: [{ id: INTERNAL, name: 'updates-ops', members: [OWNER, TEST_WORKSPACE.botUserId] }],
  });
  steward = await startStewardWithSlack({ standin });
  await seedAvailabilityContract(steward, {
    reference: REF,
    title: 'Updates contract',
    channelId: INTERNAL,
    ownerId: OWNER,
    teamId: TEST_WORKSPACE.teamId,
  });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

/** A button press on a message, carrying the message the way Slack's block_actions payload does. */
function click(actionId: string, value: string, message: StoredMessage) {
  counter += 1;
  const id = `click-${counter}`;
  return {
    id,
    sent: steward.send(
      'interaction',
      blockActionPayload({
        action_id: actionId,
        value,
        user: { id: OWNER, team_id: TEST_WORKSPACE.teamId } as never,
        channel: { id: INTERNAL, name: 'updates-ops' } as never,
        response_url: standin.responseUrl(id),
        message: { ts: message.ts, text: message.text, blocks: message.blocks } as never,
        container: { type: 'message', message_ts: message.ts, channel_id: INTERNAL, is_ephemeral: false } as never,
      } as never),
    ),
  };
}

const submit = (view: OpenedView, values: Record<string, string | ViewStateValue>) =>
  submitView(steward, view, values, { id: OWNER });

/** Resolves once the app has made no Web API call for `quietMs`: whatever a request did after its ack is done. */
async function settled(quietMs = 800): Promise<void> {
  let seen = -1;
  while (seen !== standin.calls.length) {
    seen = standin.calls.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

const callsSince = (start: number) => standin.calls.slice(start);
const updatesOf = (start: number, ts: string) =>
  callsSince(start).filter((c) => c.method === 'chat.update' && c.body.ts === ts);
const readsSince = (start: number) =>
  callsSince(start).filter((c) => c.method === 'conversations.history' || c.method === 'conversations.replies');

function promptMessage(period: string): StoredMessage {
  const found = standin
    .messagesIn(INTERNAL)
    .find(
      (m) => !m.thread_ts && m.metadata?.event_type === 'steward_checkin_prompt' && JSON.stringify(m).includes(period),
    );
  if (!found) throw new Error(`no prompt for ${period} in ${INTERNAL}`);
  return found;
}

async function openCheckin(period: string) {
  await steward.app.services.checkins.createDueCheckins(steward.clock());
  await steward.app.services.checkins.dispatchDue(steward.clock());
  await standin.waitFor(
    (c) => c.method === 'chat.postMessage' && c.ok && JSON.stringify(c.body.blocks ?? []).includes(period),
  );
  await settled();
  const checkin = (await steward.app.store.checkins.listForContract(REF)).find((c) => c.status === 'prompted');
  if (!checkin) throw new Error(`no prompted check-in for ${period}`);
  return { checkin, prompt: promptMessage(period) };
}

describe('Slack message updates: one chat.update per message a change shows in', () => {
  it('snooze, score, correction: the prompt is updated once each time and never read back', async () => {
    // Monday 2 March, 09:00 in Berlin: February's check-in is due.
    steward.clock.set('2026-03-02T08:00:00Z');
    const { checkin, prompt } = await openCheckin('February 2026');

    let start = standin.calls.length;
    const snooze = click('checkin_snooze', checkin.id, prompt);
    await snooze.sent;
    await standin.waitForResponse(snooze.id);
    await settled();
    expect(updatesOf(start, prompt.ts)).toHaveLength(1);
    expect(JSON.stringify(updatesOf(start, prompt.ts)[0]!.body.blocks)).toMatch(/[Ss]nooze/);
    expect(readsSince(start)).toEqual([]);

    start = standin.calls.length;
    await click('checkin_open_score', checkin.id, prompt).sent;
    await submit(await openedView(standin, 'checkin_submit_score'), { value: '99.7' });
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === prompt.ts, { count: 2 });
    await settled();
    const scored = updatesOf(start, prompt.ts);
    expect(scored).toHaveLength(1);
    expect(JSON.stringify(scored[0]!.body.blocks)).toContain('99.7%');
    // The Correct button is on the message after that single update.
    expect(JSON.stringify(scored[0]!.body.blocks)).toContain('score_correct');
    expect(readsSince(start)).toEqual([]);

    const score = await steward.app.store.scores.forCheckin(checkin.id);
    start = standin.calls.length;
    await click('score_correct', score!.id, standin.messagesIn(INTERNAL).find((m) => m.ts === prompt.ts)!).sent;
    await submit(await openedView(standin, 'score_correct_view'), { value: '99.2', reason: 'Outage log recounted' });
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === prompt.ts, { count: 3 });
    await settled();
    expect(updatesOf(start, prompt.ts)).toHaveLength(1);
    expect(JSON.stringify(updatesOf(start, prompt.ts)[0]!.body.blocks)).toContain('99.2%');
    expect(readsSince(start)).toEqual([]);
  });

  it('acknowledge, corrective action, resolve: the escalation root is updated once each time', async () => {
    steward.clock.set('2026-04-01T07:00:00Z');
    const { checkin, prompt } = await openCheckin('March 2026');
    await click('checkin_open_score', checkin.id, prompt).sent;
    await submit(await openedView(standin, 'checkin_submit_score', 2), { value: '90' });
    const posted = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.ok &&
        !c.body.thread_ts &&
        JSON.stringify(c.body.blocks ?? []).includes('escalation_acknowledge'),
    );
    await settled();
    const rootTs = (posted.response as { ts: string }).ts;
    const root = () => standin.messagesIn(INTERNAL).find((m) => m.ts === rootTs)!;
    const escalation = (await steward.app.store.escalations.listActive({ contractRef: REF }))[0]!;

    let start = standin.calls.length;
    await click('escalation_acknowledge', escalation.id, root()).sent;
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === rootTs);
    await settled();
    expect(updatesOf(start, rootTs)).toHaveLength(1);
    expect((await steward.app.store.escalations.require(escalation.id)).status).toBe('acknowledged');

    start = standin.calls.length;
    await click('escalation_add_action', escalation.id, root()).sent;
    await submit(await openedView(standin, 'escalation_add_action_view'), {
      action: 'Replace the core switch',
      owner: pick.user(OWNER),
      dueDate: pick.date('2026-04-20'),
    });
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === rootTs, { count: 2 });
    await settled();
    expect(updatesOf(start, rootTs)).toHaveLength(1);
    expect(readsSince(start)).toEqual([]);

    start = standin.calls.length;
    await click('escalation_resolve', escalation.id, root()).sent;
    await submit(await openedView(standin, 'escalation_resolve_view'), { resolution: 'Switch replaced' });
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === rootTs, { count: 3 });
    await settled();
    expect(updatesOf(start, rootTs)).toHaveLength(1);
    expect(JSON.stringify(updatesOf(start, rootTs)[0]!.body)).toMatch(/[Rr]esolved/);
    expect(readsSince(start)).toEqual([]);
  });

  it('a prompt the check-in was posted again after is still updated, once, when answered from it', async () => {
    steward.clock.set('2026-05-04T07:00:00Z');
    const { checkin, prompt } = await openCheckin('April 2026');
    // The check-in posted again in the same channel (as after a lost claim): its record now names only the
    // second message, and the first one is answered from.
    const web = new webApi.WebClient('xoxb-test-token', {
      slackApiUrl: standin.apiUrl,
      logLevel: webApi.LogLevel.ERROR,
    });
    const again = await web.chat.postMessage({
      channel: INTERNAL,
      text: prompt.text,
      blocks: prompt.blocks as never,
      metadata: prompt.metadata as never,
    });
    await steward.app.store.checkins.markPrompted(checkin.id, {
      surface: 'slack',
      channelId: INTERNAL,
      messageTs: again.ts!,
      postedAt: steward.clock(),
    });

    const start = standin.calls.length;
    await click('checkin_not_applicable', checkin.id, prompt).sent;
    await submit(await openedView(standin, 'checkin_not_applicable_view'), { reason: 'Site closed in April' });
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === prompt.ts);
    await settled();
    for (const ts of [prompt.ts, again.ts!]) {
      const updates = updatesOf(start, ts);
      expect(updates).toHaveLength(1);
      expect(JSON.stringify(updates[0]!.body.blocks)).toContain('Site closed in April');
    }
  });
});
