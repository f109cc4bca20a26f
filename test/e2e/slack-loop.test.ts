import type { ViewStateValue } from '@slack/bolt';
import { type OpenedView, openedView, pick, submitView } from '../support/slack-e2e';
import { blockActionPayload, eventEnvelope, slashCommandBody } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * The whole Slack loop through the real Bolt HTTP receiver, the real services and store on FerretDB, and the
 * Slack Web API stand-in: a manager sets a contract up with /steward and modals, the vendor answers a
 * check-in in the shared channel, a breach opens an escalation thread that climbs, and the vendor sees only
 * what is theirs.
 */
const OWNER = TEST_WORKSPACE.user.id; // U0ALICE, in our workspace
const DIRECTOR = 'U0DIRECTOR';
const BYSTANDER = 'U0BYSTANDER';
const VENDOR = 'U0VENDOR';
const VENDOR_TEAM = 'T0PARTNER';
const INTERNAL = 'C0INTERNAL';
const SHARED = 'C0SHARED';
const REF = 'ACME-2026-001';

let standin: SlackStandin;
let steward: StewardUnderTest;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: DIRECTOR, team_id: TEST_WORKSPACE.teamId, name: 'dana', real_name: 'Dana Director' },
      { id: BYSTANDER, team_id: TEST_WORKSPACE.teamId, name: 'bo', real_name: 'Bo Bystander' },
      { id: VENDOR, team_id: VENDOR_TEAM, name: 'vera', real_name: 'Vera Vendor' },
    ],
    channels: [
      { id: INTERNAL, name: 'acme-internal', members: [OWNER, DIRECTOR, TEST_WORKSPACE.botUserId] },
      { id: SHARED, name: 'acme-partner', is_ext_shared: true, members: [OWNER, VENDOR, TEST_WORKSPACE.botUserId] },
    ],
  });
  steward = await startStewardWithSlack({ standin });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

type Values = Record<string, string | ViewStateValue>;

let commandCount = 0;

/** Runs /steward and waits for its answer: commands ack at once and answer through response_url. */
async function command(text: string, overrides: Record<string, string> = {}, options: { opensModal?: boolean } = {}) {
  commandCount += 1;
  const id = `command-${commandCount}`;
  const response = await steward.send(
    'command',
    slashCommandBody({ text, channel_id: INTERNAL, response_url: standin.responseUrl(id), ...overrides }),
  );
  expect(response.status).toBe(200);
  if (options.opensModal) return undefined;
  const answer = await standin.waitForResponse(id);
  return answer as { text?: string; blocks?: unknown[] };
}

const lastOpenedView = (callbackId: string) => openedView(standin, callbackId);
const submit = (view: OpenedView, values: Values, user: { id: string; team_id?: string } = { id: OWNER }) =>
  submitView(steward, view, values, user);
const users = pick.users;
const checked = pick.checked;

function textOfMessage(message: { text?: string; blocks?: unknown[] } | undefined): string {
  return JSON.stringify(message ?? {});
}

describe('Slack, end to end', () => {
  it('creates a contract from the modal, refusing an impossible date inline and storing operator-like text literally', async () => {
    await command('new', {}, { opensModal: true });
    const view = await lastOpenedView('contract_create_view');
    const fields = {
      reference: REF,
      title: 'Managed network {"$gt": ""}',
      vendorName: 'Acme $where Networks',
      value: '1200000',
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2026-02-30',
      timezone: 'Europe/Berlin',
      vendorContacts: users(VENDOR),
    };
    const refused = await submit(view, fields);
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { endDate: expect.stringContaining('2026-02-30') },
    });
    expect(await steward.app.store.contracts.get(REF)).toBeNull();

    const accepted = await submit(view, { ...fields, endDate: '2027-12-31' });
    expect(accepted.status).toBe(200);
    expect((accepted.body as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
    const stored = await steward.app.store.contracts.require(REF);
    expect(stored.title).toBe('Managed network {"$gt": ""}');
    expect(stored.vendor.name).toBe('Acme $where Networks');
    expect(stored.governance.owner).toEqual([expect.objectContaining({ slackUserId: OWNER })]);
  });

  it('adds a KPI from the modal with threshold errors shown on the field', async () => {
    await command(`kpi ${REF}`, {}, { opensModal: true });
    const view = await lastOpenedView('kpi_edit_view');
    const fields: Values = {
      key: 'availability',
      name: 'Availability',
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: '98',
      target: '99.5',
      warningThreshold: '99',
      breachThreshold: '99.8',
      weight: '1',
      cadence: 'monthly',
      respondent: 'vendor',
      vendorVisible: checked(),
    };
    const refused = await submit(view, fields);
    expect(refused.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys((refused.body as { errors: object }).errors)).toEqual(
      expect.arrayContaining(['breachThreshold']),
    );
    expect(await steward.app.store.kpis.get(REF, 'availability')).toBeNull();

    const saved = await submit(view, { ...fields, breachThreshold: '98' });
    expect((saved.body as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
    expect(await steward.app.store.kpis.get(REF, 'availability')).toMatchObject({
      target: 99.5,
      version: 1,
      respondent: 'vendor',
    });
  });

  it('sets the escalation path and links the internal and the vendor channel', async () => {
    await command(`path ${REF}`, {}, { opensModal: true });
    const view = await lastOpenedView('escalation_path_view');
    await submit(view, {
      level1People: users(OWNER),
      level1Hours: '24',
      level2People: users(DIRECTOR),
      level2Hours: '48',
    });
    const contract = await steward.app.store.contracts.require(REF);
    expect(contract.escalationPath.map((level) => [level.level, level.ackWithinHours])).toEqual([
      [1, 24],
      [2, 48],
    ]);

    await command(`link ${REF} internal`, { channel_id: INTERNAL });
    // An internal link in a shared channel is refused: internal content would reach the vendor.
    const refused = await command(`link ${REF} internal`, { channel_id: SHARED });
    expect(JSON.stringify(refused)).toMatch(/shared/i);
    await command(`link ${REF} vendor`, { channel_id: SHARED });
    const linked = await steward.app.store.contracts.require(REF);
    expect(linked.channels.map((c) => [c.channelId, c.purpose]).sort()).toEqual([
      [INTERNAL, 'internal'],
      [SHARED, 'vendor'],
    ]);
  });

  it('sends a check-in now into the vendor channel with the KPI, period, baseline, target and thresholds', async () => {
    standin.reset();
    await command(`checkin ${REF}`);
    const post = await standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === SHARED && c.ok);
    const text = JSON.stringify(post.body.blocks);
    expect(text).toContain('Availability');
    expect(text).toContain('February 2026');
    expect(text).toMatch(/99\.5/);
    expect(text).toMatch(/98/);
    expect(post.body.metadata).toMatchObject({ event_type: 'steward_checkin_prompt' });
  });

  it('lets the vendor score: invalid values are refused inline, a breach updates the message and escalates internally', async () => {
    const prompt = standin.messagesIn(SHARED).at(-1)!;
    const checkin = (await steward.app.store.checkins.listForContract(REF))[0]!;

    // The vendor (another organisation) clicks Submit score.
    await steward.send(
      'interaction',
      blockActionPayload({
        action_id: 'checkin_open_score',
        value: checkin.id,
        user: { id: VENDOR, team_id: VENDOR_TEAM } as never,
        channel: { id: SHARED, name: 'acme-partner' } as never,
        message: prompt as never,
        container: { type: 'message', message_ts: prompt.ts, channel_id: SHARED, is_ephemeral: false } as never,
      }),
    );
    const view = await lastOpenedView('checkin_submit_score');
    const vendor = { id: VENDOR, team_id: VENDOR_TEAM };
    for (const bad of ['abc', '120', '{"$gt": ""}']) {
      const refused = await submit(view, { value: bad }, vendor);
      expect(refused.body).toMatchObject({
        response_action: 'errors',
        errors: { value: expect.stringContaining('0 to 100') },
      });
    }
    expect(await steward.app.store.scores.forCheckin(checkin.id)).toBeNull();

    const accepted = await submit(view, { value: '97.1', comment: 'Router failure on the 12th' }, vendor);
    expect((accepted.body as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
    const update = await standin.waitFor(
      (c) => c.method === 'chat.update' && c.body.channel === SHARED && c.body.ts === prompt.ts,
    );
    const updated = JSON.stringify(update.body.blocks);
    expect(updated).toContain('97.1%');
    expect(updated).toMatch(/Red/);
    expect(updated).toContain(VENDOR);

    const root = await standin.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.channel === INTERNAL && c.ok && !c.body.thread_ts,
    );
    const escalation = JSON.stringify(root.body);
    expect(escalation).toContain(`<@${OWNER}>`);
    expect(escalation).toContain('97.1%');
    expect(escalation).toContain('escalation_acknowledge');
    // Nothing internal went to the shared channel.
    expect(standin.messagesIn(SHARED).some((m) => textOfMessage(m).includes('escalation_acknowledge'))).toBe(false);
  });

  it('refuses a second answer for the same check-in and keeps the first', async () => {
    const checkin = (await steward.app.store.checkins.listForContract(REF))[0]!;
    const response = await steward.send(
      'interaction',
      blockActionPayload({
        action_id: 'checkin_open_score',
        value: checkin.id,
        user: { id: VENDOR, team_id: VENDOR_TEAM } as never,
        channel: { id: SHARED, name: 'acme-partner' } as never,
        response_url: standin.responseUrl('second-answer'),
      } as never),
    );
    expect(response.status).toBe(200);
    const told = await standin.waitForResponse('second-answer');
    expect(JSON.stringify(told)).toContain('already answered');
    expect(JSON.stringify(told)).toContain('ephemeral');
    expect((await steward.app.store.scores.forCheckin(checkin.id))?.value).toBe(97.1);
  });

  it('climbs to level 2 in the same thread when nobody acknowledges, and only the right people resolve', async () => {
    const root = standin.messagesIn(INTERNAL).find((m) => textOfMessage(m).includes('escalation_acknowledge'))!;
    const escalation = (await steward.app.store.escalations.listActive({ contractRef: REF }))[0]!;
    steward.clock.advance(25 * 3_600_000);
    await steward.app.services.escalations.climbDue(steward.clock());
    const climb = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' && c.body.thread_ts === root.ts && JSON.stringify(c.body).includes(DIRECTOR),
    );
    expect(JSON.stringify(climb.body)).toContain('level 2');

    const resolveAs = async (user: string) => {
      await steward.send(
        'interaction',
        blockActionPayload({
          action_id: 'escalation_resolve',
          value: escalation.id,
          user: { id: user, team_id: TEST_WORKSPACE.teamId } as never,
          channel: { id: INTERNAL, name: 'acme-internal' } as never,
        }),
      );
      return lastOpenedView('escalation_resolve_view');
    };
    const bystanderView = await resolveAs(BYSTANDER);
    const refused = await submit(bystanderView, { resolution: 'not mine to close' }, { id: BYSTANDER });
    expect(JSON.stringify(refused.body)).toMatch(/escalation path/);
    expect((await steward.app.store.escalations.require(escalation.id)).status).toBe('open');

    const directorView = await resolveAs(DIRECTOR);
    await submit(directorView, { resolution: 'Vendor replaced the router; credits applied' }, { id: DIRECTOR });
    expect(await steward.app.store.escalations.require(escalation.id)).toMatchObject({
      status: 'resolved',
      resolutionNote: 'Vendor replaced the router; credits applied',
    });
  });

  it('shows the vendor only their vendor view, and refuses management commands with an audit entry', async () => {
    standin.reset();
    await steward.send(
      'command',
      slashCommandBody({
        text: `scorecard ${REF}`,
        channel_id: SHARED,
        user_id: VENDOR,
        team_id: TEST_WORKSPACE.teamId,
        response_url: standin.responseUrl('vendor-card'),
      }),
    );
    const card = await standin.waitForResponse('vendor-card');
    expect(JSON.stringify(card)).toContain('Availability');

    await steward.send(
      'command',
      slashCommandBody({
        text: 'new',
        channel_id: SHARED,
        user_id: VENDOR,
        response_url: standin.responseUrl('vendor-new'),
      }),
    );
    const refusal = await standin.waitForResponse('vendor-new');
    expect(JSON.stringify(refusal)).toMatch(/contract team|vendor/i);
    expect(standin.callsTo('views.open')).toHaveLength(0);
    const audit = await steward.app.store.audit.list('global');
    expect(audit.some((event) => event.action === 'access.refused' && event.actor.slackUserId === VENDOR)).toBe(true);
  });

  it('publishes an App Home with pending check-ins, owned contracts and open escalations', async () => {
    await steward.send(
      'event',
      eventEnvelope({
        event: { type: 'app_home_opened', user: OWNER, channel: 'D0ALICE', tab: 'home', event_ts: '1.1' } as never,
      }),
    );
    const publish = await standin.waitFor((c) => c.method === 'views.publish' && c.body.user_id === OWNER);
    const home = JSON.stringify(publish.body.view);
    expect(home).toContain(REF);
  });

  it('keeps serving after forged, stale and malformed requests', async () => {
    const forged = await steward.send('command', slashCommandBody({ text: 'help' }), { signature: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    const stale = await steward.send('command', slashCommandBody({ text: 'help' }), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const malformed = await steward.send('interaction', 'payload=%7Bnot-json');
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect((await fetch(`${steward.app.url}/healthz`)).status).toBe(200);
  });
});
