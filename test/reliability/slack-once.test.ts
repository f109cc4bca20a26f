import type { Actor } from '../../src/services/service-api';
import { startReplicas } from '../support/replicas';
import { type OpenedView, openedView, pick, submitView } from '../support/slack-e2e';
import { blockActionPayload, eventEnvelope } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import type { StewardUnderTest } from '../support/steward-harness';

/**
 * Guarantee: retries and double clicks act once. Two replicas share one database and one Slack; Slack may send
 * a retry, a second click or a second submission to either of them, and everything happens exactly once.
 */
const OWNER = TEST_WORKSPACE.user.id;
const FINANCE = 'U0FINANCE';
const INTERNAL = 'C0ONCE';
const REF = 'ONCE-2026-001';

let standin: SlackStandin;
let cluster: Awaited<ReturnType<typeof startReplicas>>;
let a: StewardUnderTest;
let b: StewardUnderTest;
let counter = 0;

const owner: Actor = {
  person: { slackUserId: OWNER, slackTeamId: TEST_WORKSPACE.teamId },
  surface: 'slack',
  external: false,
};

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: OWNER, team_id: TEST_WORKSPACE.teamId, name: 'alice', real_name: 'Alice Example', tz: 'Europe/Berlin' },
      { id: FINANCE, team_id: TEST_WORKSPACE.teamId, name: 'fin', real_name: 'Fiona Finance', tz: 'Europe/Berlin' },
    ],
    channels: [{ id: INTERNAL, name: 'once-ops', members: [OWNER, FINANCE, TEST_WORKSPACE.botUserId] }],
  });
  cluster = await startReplicas(2, { standin });
  [a, b] = cluster.replicas as [StewardUnderTest, StewardUnderTest];
  const { services } = a.app;
  await services.contracts.create(owner, {
    reference: REF,
    title: 'Facilities',
    vendorName: 'Once Facilities',
    value: 100000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    status: 'active',
  });
  await services.contracts.setGovernance(owner, REF, {
    finance: [{ slackUserId: FINANCE, slackTeamId: TEST_WORKSPACE.teamId }],
  });
  await services.contracts.upsertKpi(owner, REF, {
    key: 'satisfaction',
    name: 'Occupant satisfaction',
    unit: '',
    kind: 'rating',
    direction: 'higher-is-better',
    baseline: 3,
    target: 4.5,
    warningThreshold: 4,
    breachThreshold: 3,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    vendorVisible: true,
  });
  await services.contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
});

afterAll(async () => {
  await cluster?.stop();
  await standin?.close();
});

function click(replica: StewardUnderTest, actionId: string, value: string, user: string, ts: string) {
  counter += 1;
  return replica.send(
    'interaction',
    blockActionPayload({
      action_id: actionId,
      value,
      user: { id: user, team_id: TEST_WORKSPACE.teamId } as never,
      channel: { id: INTERNAL, name: 'once-ops' } as never,
      response_url: standin.responseUrl(`once-click-${counter}`),
      message: { ts } as never,
      container: { type: 'message', message_ts: ts, channel_id: INTERNAL, is_ephemeral: false } as never,
    } as never),
  );
}

/** The prompt for February, posted by whichever replica claimed it. */
async function promptedCheckin() {
  await Promise.all([
    a.app.services.checkins.createDueCheckins(a.clock()),
    b.app.services.checkins.createDueCheckins(b.clock()),
  ]);
  await Promise.all([a.app.services.checkins.dispatchDue(a.clock()), b.app.services.checkins.dispatchDue(b.clock())]);
  const prompts = standin
    .accepted('chat.postMessage')
    .filter((c) => c.body.channel === INTERNAL && JSON.stringify(c.body).includes('steward_checkin_prompt'));
  expect(prompts).toHaveLength(1);
  const checkin = (await a.app.store.checkins.listForContract(REF)).find((c) => c.periodKey === '2026-02')!;
  return { checkin, ts: (prompts[0]!.response as { ts: string }).ts };
}

describe('retries and double clicks act once', () => {
  it('handles an Events API event once, though Slack delivers it again to the other replica', async () => {
    const joined = eventEnvelope({
      event: {
        type: 'member_joined_channel',
        user: TEST_WORKSPACE.botUserId,
        channel: 'C0JOINED',
        channel_type: 'C',
        team: TEST_WORKSPACE.teamId,
        event_ts: '1772438400.000100',
      },
    });
    const first = await a.send('event', joined);
    expect(first.status).toBe(200);
    await standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0JOINED');
    // Slack's retries carry the same event_id: one to the other replica, one to the first again.
    const retries = await Promise.all([
      b.send('event', joined),
      a.send('event', joined),
      b.send('event', { ...joined, event_time: joined.event_time + 60 }),
    ]);
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standin.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0JOINED')).toHaveLength(1);

    // A different event is still handled.
    await b.send('event', eventEnvelope({ event: { ...(joined.event as object), channel: 'C0JOINED2' } as never }));
    await standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0JOINED2');
  });

  it('accepts one of two people submitting the same check-in at once and tells the other in the form', async () => {
    const { checkin, ts } = await promptedCheckin();
    // Both open the form before either submits: Alice on one replica, Fiona on the other.
    await click(a, 'checkin_open_score', checkin.id, OWNER, ts);
    const alicesForm = await openedView(standin, 'checkin_submit_score', 1);
    await click(b, 'checkin_open_score', checkin.id, FINANCE, ts);
    const fionasForm = await openedView(standin, 'checkin_submit_score', 2);

    const [alice, fiona] = await Promise.all([
      submitView(a, alicesForm, { value: pick.radio('4') }, { id: OWNER }),
      submitView(b, fionasForm, { value: pick.radio('2') }, { id: FINANCE }),
    ]);
    const answers = [alice, fiona];
    const accepted = answers.filter((r) => r.status === 200 && r.text === '');
    const refused = answers.filter((r) => (r.body as { response_action?: string })?.response_action === 'errors');
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0]!.body)).toMatch(/already been answered/);

    const score = await a.app.store.scores.forCheckin(checkin.id);
    expect([4, 2]).toContain(score?.value);
    // The form is acknowledged once the score is saved; the audit event follows right after the acknowledgement.
    const answeredEvents = async () =>
      (await a.app.store.audit.list(REF)).filter(
        (e) => e.action === 'checkin.answered' && (e.after as { periodKey?: string } | null)?.periodKey === '2026-02',
      );
    for (let wait = 0; wait < 50 && (await answeredEvents()).length === 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await answeredEvents()).toHaveLength(1);
  });

  it('tells the second click on an answered check-in privately, and opens no form', async () => {
    const checkin = (await a.app.store.checkins.listForContract(REF)).find((c) => c.periodKey === '2026-02')!;
    const ts = checkin.prompts[0]!.messageTs!;
    const formsBefore = standin.callsTo('views.open').length;
    await click(b, 'checkin_open_score', checkin.id, FINANCE, ts);
    const told = (await standin.waitForResponse(`once-click-${counter}`)) as { text: string; response_type: string };
    expect(told.response_type).toBe('ephemeral');
    expect(told.text).toMatch(/already answered/);
    expect(standin.callsTo('views.open')).toHaveLength(formsBefore);
  });

  it('does not duplicate anything when Slack delivers the same view submission twice', async () => {
    a.clock.set('2026-04-01T07:00:00Z');
    b.clock.set('2026-04-01T07:00:00Z');
    await a.app.services.checkins.createDueCheckins(a.clock());
    await b.app.services.checkins.dispatchDue(b.clock());
    const checkin = (await a.app.store.checkins.listForContract(REF)).find((c) => c.periodKey === '2026-03')!;
    const ts = checkin.prompts[0]!.messageTs!;
    await click(a, 'checkin_open_score', checkin.id, OWNER, ts);
    const form: OpenedView = await openedView(standin, 'checkin_submit_score', 3);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

    const first = await submitView(a, form, { value: pick.radio('5') }, { id: OWNER });
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === ts);
    await settle();
    const callsAfterFirst = standin.calls.length;

    const again = await submitView(b, form, { value: pick.radio('5') }, { id: OWNER });
    // The repeat closes the form as a success: the person's answer was saved, once.
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    await settle();
    // Nothing new in Slack (reads aside): no second update of the prompt, no message, no escalation.
    const writes = standin.calls.slice(callsAfterFirst).filter((c) => /^(chat|views|reactions|files)\./.test(c.method));
    expect(writes.map((c) => c.method)).toEqual([]);

    const score = await a.app.store.scores.forCheckin(checkin.id);
    expect(score).toMatchObject({ value: 5, revision: 1 });
    const answered = (await a.app.store.audit.list(REF)).filter(
      (e) => e.action === 'checkin.answered' && (e.after as { periodKey?: string } | null)?.periodKey === '2026-03',
    );
    expect(answered).toHaveLength(1);
  });
});
