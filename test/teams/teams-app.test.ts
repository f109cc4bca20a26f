import { StewardError } from '../../src/domain/errors';
import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { CANNED_SCORECARD, cannedCheckin, cannedEscalation } from '../support/fake-steward-services';
import {
  cardActionInvoke,
  cardSubmitMessage,
  inChannel,
  messageActivity,
  postActivity,
  TEAMS_TEST,
} from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { nodes } from './cards/card-assertions';
import { startTeamsHarness, type TeamsHarness } from './harness';

/**
 * End to end over HTTP: activities posted to Steward's own server at /api/messages, through the real
 * Teams SDK (sandbox, no token), with replies caught by the loopback Bot Connector stand-in.
 */
let h: TeamsHarness;

beforeEach(async () => {
  h = await startTeamsHarness();
});

afterEach(async () => {
  await h.close();
});

describe('commands typed in Teams', () => {
  it('answers "steward help" with the help card in the same conversation', async () => {
    const response = await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help'));

    expect(response.status).toBe(200);
    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    expect(reply.conversationId).toBe(TEAMS_TEST.personalConversationId);
    const text = cardText(cardOf(reply));
    expect(text).toContain('Steward keeps your contracts on track');
    expect(text).toContain('steward scorecard REF');
    expect(h.services.calls).toEqual([]);
  });

  it('answers "hi" with a short welcome whose buttons run the everyday commands in place', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'hi'));

    const card = cardOf(await h.connector.waitFor((r) => r.kind === 'create')) as unknown as AdaptiveCard;
    const text = cardText(card);
    expect(text).toContain('Steward keeps your contracts on track');
    expect(text).not.toContain('steward scorecard REF');
    const buttons = nodes(card)
      .filter((node) => node.type === 'Action.Execute')
      .map((node) => [node.title, (node.data as { command?: string }).command]);
    expect(buttons).toEqual([
      ['My check-ins', 'home'],
      ['Scorecards', 'list'],
      ['Escalations', 'escalations'],
      ['Help', 'help'],
    ]);
    expect(h.services.calls).toEqual([]);

    // A button runs its command and shows the answer in place of the welcome.
    const myCheckins = nodes(card).find((node) => node.title === 'My check-ins') as { data: Record<string, unknown> };
    const response = await postActivity(h.endpoint, cardActionInvoke(h.connector.serviceUrl, myCheckins.data));
    expect(cardText((response.body as { value: unknown }).value as never)).toContain('here is where things stand');
    const forged = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, { ...myCheckins.data, command: 'export' }),
    );
    expect(JSON.stringify(forged.body)).toContain('older version of Steward');
  });

  it('answers an unknown command with the usage and calls no service', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward frobnicate ACME-2026-001'));

    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Steward has no "frobnicate" command.');
    expect(text).toContain('steward checkin REF [KPI-KEY]');
    expect(h.services.calls).toEqual([]);
  });

  it('answers a command with missing arguments with that command’s usage and writes nothing', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward link ACME-2026-001 partners'));

    const text = cardText(cardOf(await h.connector.waitFor((r) => r.kind === 'create')));
    expect(text).toContain('"partners" is neither "internal" nor "vendor".');
    expect(text).toContain('steward link REF internal|vendor');
    expect(text).not.toContain('steward scorecard REF');
    expect(h.services.calls).toEqual([]);
  });

  it('refuses a guest the contract team’s commands, records the refusal, and lets them see a scorecard', async () => {
    const guest = { from: { ...TEAMS_TEST.user, userRole: 'guest' } };
    await postActivity(
      h.endpoint,
      messageActivity(h.connector.serviceUrl, 'steward status ACME-2026-001 closed', guest),
    );
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward scorecard ACME-2026-001', guest));

    const [refusal] = await waitForCreates(2);
    expect(refusal?.body.text).toContain('"steward status" is for the contract team');
    expect(h.services.calls.map((c) => [c.method, c.args, c.actor.external])).toEqual([
      ['audit.recordRefusal', ['steward status', 'ACME-2026-001'], true],
      ['contracts.scorecard', ['ACME-2026-001'], true],
    ]);
  });

  it('shows a scorecard as the acting Teams user', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward scorecard ACME-2026-001'));

    const text = cardText(cardOf(await h.connector.waitFor((r) => r.kind === 'create')));
    expect(text).toContain('ACME-2026-001 · Managed network services');
    expect(text).toContain('🟠 Amber');
    const [call] = h.services.callsTo('contracts.scorecard');
    expect(call?.args).toEqual(['ACME-2026-001']);
    // No tenant is configured in the sandbox, so only guest roles and missing identities make a user external.
    expect(call?.actor).toEqual({
      person: { teamsUserId: 'aad-alex', name: 'Alex Wilber' },
      surface: 'teams',
      external: false,
    });
  });

  it('links a channel with its conversation id and service URL, after the @mention is stripped', async () => {
    await postActivity(
      h.endpoint,
      messageActivity(h.connector.serviceUrl, '<at>Steward</at> link ACME-2026-001 vendor', {
        ...inChannel(),
        entities: [{ type: 'mention', text: '<at>Steward</at>', mentioned: TEAMS_TEST.bot }],
      }),
    );

    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    expect(reply.body.text).toContain("ACME-2026-001's place with the vendor");
    const [call] = h.services.callsTo('contracts.linkChannel');
    expect(call?.args).toEqual([
      'ACME-2026-001',
      { surface: 'teams', channelId: TEAMS_TEST.channelConversationId, purpose: 'vendor', serviceUrl: stored() },
    ]);
    expect(call?.actor.channel).toEqual({
      surface: 'teams',
      channelId: TEAMS_TEST.channelConversationId,
      shared: false,
    });
  });

  it('shows the service’s refusal as the person-facing message', async () => {
    h.services.failNext(
      'contracts.changeStatus',
      new StewardError('forbidden', 'Only the contract team can change its status.'),
    );

    await postActivity(
      h.endpoint,
      messageActivity(h.connector.serviceUrl, 'steward status ACME-2026-001 at-risk supplier outage'),
    );

    const text = cardText(cardOf(await h.connector.waitFor((r) => r.kind === 'create')));
    expect(text).toContain('Only the contract team can change its status.');
    expect(h.services.callsTo('contracts.changeStatus')[0]?.args).toEqual([
      'ACME-2026-001',
      'at-risk',
      'supplier outage',
    ]);
  });
});

describe('card actions', () => {
  async function postPrompt(items = [cannedCheckin()]) {
    return h.teams.surface.postCheckinPrompt(
      {
        surface: 'teams',
        channelId: TEAMS_TEST.personalConversationId,
        serviceUrl: h.connector.serviceUrl,
        purpose: 'direct',
      },
      { items, addressees: [] },
      { promptKey: 'chk-1:2026-11' },
    );
  }

  it('answers Action.Execute with the refreshed prompt card in the invoke response', async () => {
    const posted = await postPrompt();

    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(
        h.connector.serviceUrl,
        { action: 'checkin_submit_score', checkinId: 'chk-1', slot: 0, s0_value: '99.7', s0_comment: '' },
        { replyToId: posted.messageId },
      ),
    );

    expect(response.status).toBe(200);
    const body = response.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toContain('🟢 Green');
    expect(h.services.callsTo('checkins.submitScore')[0]?.args).toEqual(['chk-1', { value: '99.7' }]);
  });

  it('shows a rejected score next to its input and writes nothing', async () => {
    const posted = await postPrompt();
    h.services.failNext(
      'checkins.submitScore',
      new StewardError('validation', 'Check the score.', {
        fieldErrors: { value: 'A percentage is between 0 and 100.' },
      }),
    );

    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(
        h.connector.serviceUrl,
        { action: 'checkin_submit_score', checkinId: 'chk-1', slot: 0, s0_value: '140' },
        { replyToId: posted.messageId },
      ),
    );

    const body = response.body as { type: string; value: { body: unknown[] } };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const elements = flatten(body.value.body);
    const inputAt = elements.findIndex((e) => e.id === 's0_value');
    expect(elements[inputAt]?.value).toBe(140);
    expect(elements[inputAt + 1]?.id).toBe('s0_value_error');
    expect(cardText(elements[inputAt + 1])).toContain('A percentage is between 0 and 100.');
    // The validation path: one call, which threw; nothing posted or updated in the conversation.
    expect(h.services.calls.map((c) => c.method)).toEqual(['checkins.submitScore']);
    expect(h.connector.activities().filter((r) => r.kind !== 'create' || r.activityId)).toEqual([]);
  });

  it('asks the service for the form when it does not remember the card, still writing nothing', async () => {
    h.services.failNext(
      'checkins.markNotApplicable',
      new StewardError('validation', 'Say why.', { fieldErrors: { reason: 'Say why this check-in does not apply.' } }),
    );

    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, {
        action: 'checkin_not_applicable',
        checkinId: 'chk-9',
        slot: 2,
        s2_reason: 'no',
      }),
    );

    const body = response.body as { value: unknown };
    expect(cardText(body.value)).toContain('Say why this check-in does not apply.');
    expect(h.services.calls.map((c) => c.method)).toEqual(['checkins.markNotApplicable', 'checkins.openScoreForm']);
  });

  it('shows a refusal as a message and leaves the card as it was', async () => {
    h.services.failNext('escalations.acknowledge', new StewardError('forbidden', 'Only level 1 acknowledges first.'));

    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, { action: 'escalation_acknowledge', escalationId: 'esc-1' }),
    );

    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Only level 1 acknowledges first.',
    });
  });

  it('takes an Action.Submit fallback as a message with value and updates the card in place', async () => {
    const posted = await postPrompt();

    await postActivity(
      h.endpoint,
      cardSubmitMessage(
        h.connector.serviceUrl,
        { action: 'checkin_submit_score', checkinId: 'chk-1', slot: 0, s0_value: '98.1' },
        { replyToId: posted.messageId },
      ),
    );

    const update = await h.connector.waitFor((r) => r.kind === 'update');
    expect(update.activityId).toBe(posted.messageId);
    expect(cardText(cardOf(update))).toContain('🔴 Red');
  });

  it('adds a corrective action owned by the picked person, and re-renders its form when rejected', async () => {
    const posted = await h.teams.surface.postEscalation(
      {
        surface: 'teams',
        channelId: TEAMS_TEST.personalConversationId,
        serviceUrl: h.connector.serviceUrl,
        purpose: 'internal',
      },
      cannedEscalation(),
    );
    h.services.failNext(
      'escalations.addCorrectiveAction',
      new StewardError('validation', 'Check the action.', { fieldErrors: { dueDate: 'The due date is in the past.' } }),
    );
    const data = {
      action: 'escalation_add_corrective_action',
      escalationId: 'esc-1',
      esc_action: 'Replace the core switch',
      esc_owner: 'aad-megan',
      esc_dueDate: '2026-01-01',
    };

    const rejected = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, data, { replyToId: posted.messageId }),
    );
    const accepted = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, data, { replyToId: posted.messageId }),
    );

    expect(cardText((rejected.body as { value: unknown }).value)).toContain('The due date is in the past.');
    expect(cardText((accepted.body as { value: unknown }).value)).toContain('Corrective action added');
    expect(h.services.callsTo('escalations.addCorrectiveAction')[1]?.args).toEqual([
      'esc-1',
      { action: 'Replace the core switch', owner: { teamsUserId: 'aad-megan' }, dueDate: '2026-01-01' },
    ]);
  });
});

describe('management forms', () => {
  it('answers "steward kpi REF KEY" with the KPI form, and re-renders a rejected save in the invoke response', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward kpi ACME-2026-001 uptime'));
    const form = cardOf(await h.connector.waitFor((r) => r.kind === 'create'));
    expect(cardText(form)).toContain('Editing Network uptime (uptime, version 1) on ACME-2026-001');
    h.services.failNext(
      'contracts.upsertKpi',
      new StewardError('validation', 'Target must be a percentage from 0 to 100 for a percent KPI, like 99.5.', {
        fieldErrors: { target: 'Target must be a percentage from 0 to 100 for a percent KPI, like 99.5.' },
      }),
    );

    const response = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, {
        action: 'kpi_save',
        reference: 'ACME-2026-001',
        kpiKey: 'uptime',
        version: 1,
        kpi_name: 'Network uptime',
        kpi_target: '140',
      }),
    );

    const body = response.body as { type: string; value: { body: unknown[] } };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const elements = flatten(body.value.body);
    const inputAt = elements.findIndex((e) => e.id === 'kpi_target');
    expect(elements[inputAt]?.value).toBe(140);
    expect(elements[inputAt + 1]?.id).toBe('kpi_target_error');
    expect(h.services.calls.map((c) => c.method)).toEqual(['contracts.kpis', 'contracts.upsertKpi']);
  });

  it('replaces the form with a confirmation after an Action.Submit fallback', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward new'));
    await h.connector.waitFor((r) => r.kind === 'create');

    await postActivity(
      h.endpoint,
      cardSubmitMessage(
        h.connector.serviceUrl,
        { action: 'contract_create', new_reference: 'ACME-2026-001', new_title: 'Managed network services' },
        // The form's message id, as Teams gives it with an Action.Submit.
        { replyToId: 'activity-1' },
      ),
    );

    const update = await h.connector.waitFor((r) => r.kind === 'update');
    expect(update.activityId).toBe('activity-1');
    expect(cardText(cardOf(update))).toContain('✅ Created ACME-2026-001');
  });

  it('refuses a guest the forms and records it', async () => {
    const guest = { from: { ...TEAMS_TEST.user, userRole: 'guest' } };
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward roles ACME-2026-001', guest));

    const reply = await h.connector.waitFor((r) => r.kind === 'create');
    expect(reply.body.text).toContain('"steward roles" is for the contract team');
    expect(h.services.calls.map((c) => c.method)).toEqual(['audit.recordRefusal']);
  });
});

describe('proactive messages', () => {
  it('sends a scheduled check-in prompt to the connector with the stored service URL', async () => {
    // Any activity from the conversation stores its reference (id + service URL)...
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help'));
    await h.connector.waitFor((r) => r.kind === 'create');

    // ...so the scheduler's destination needs only the conversation id.
    const posted = await h.teams.surface.postCheckinPrompt(
      { surface: 'teams', channelId: TEAMS_TEST.personalConversationId, purpose: 'direct' },
      { items: [cannedCheckin()], addressees: [{ name: 'Alex Wilber', teamsUserId: 'aad-alex' }] },
      { promptKey: 'chk-1:2026-11' },
    );

    const prompt = await h.connector.waitFor(
      (r) => r.kind === 'create' && r.body.attachments !== undefined && cardText(cardOf(r)).includes('Network uptime'),
    );
    expect(prompt.conversationId).toBe(TEAMS_TEST.personalConversationId);
    expect(prompt.body.from).toEqual(TEAMS_TEST.bot);
    // The sandbox sends cards at the default width: the Agents Playground does not support full width.
    expect(cardOf(prompt)?.msteams).toEqual({
      entities: [{ type: 'mention', text: '<at>Alex Wilber</at>', mentioned: { id: 'aad-alex', name: 'Alex Wilber' } }],
    });
    expect(posted).toEqual({
      surface: 'teams',
      channelId: TEAMS_TEST.personalConversationId,
      messageId: expect.stringMatching(/^activity-/),
      serviceUrl: stored(),
    });
    expect(prompt.authorization).toBeUndefined();
    expect(
      await h.teams.surface.findPostedPrompt(
        { surface: 'teams', channelId: TEAMS_TEST.personalConversationId, purpose: 'direct' },
        'chk-1:2026-11',
        new Date('2026-12-01T00:00:00Z'),
      ),
    ).toEqual(posted);
  });

  it('updates a posted escalation in place and finds the personal chat of someone who wrote to the bot', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help'));
    const destination = await h.teams.surface.directDestination({ teamsUserId: 'aad-alex' });
    expect(destination).toEqual({
      surface: 'teams',
      channelId: TEAMS_TEST.personalConversationId,
      serviceUrl: stored(),
      purpose: 'direct',
    });

    const posted = await h.teams.surface.postEscalation(destination!, cannedEscalation());
    await h.teams.surface.updateEscalation(
      posted,
      cannedEscalation({ status: 'acknowledged', statusLine: 'Acknowledged by Alex' }),
    );

    const update = await h.connector.waitFor((r) => r.kind === 'update');
    expect(update.activityId).toBe(posted.messageId);
    expect(cardText(cardOf(update))).toContain('Acknowledged by Alex');
  });

  it('posts an escalation thread line in a personal chat as a message saying what it answers', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help'));
    const destination = await h.teams.surface.directDestination({ teamsUserId: 'aad-alex' });
    const root = await h.teams.surface.postEscalation(destination!, cannedEscalation());
    const before = h.connector.requests.length;

    await h.teams.surface.postNotice(
      { ...destination!, threadId: root.messageId },
      { text: 'Acknowledged by Alex.', about: 'ACME-2026-001 · Red score (level 1 of 2): Uptime was 97%.' },
    );

    const line = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
    // A personal chat has no threads: `;messageid=` there is a 404 ConversationNotFound.
    expect(line.conversationId).toBe(TEAMS_TEST.personalConversationId);
    expect(cardText(cardOf(line))).toContain('ACME-2026-001 · Red score (level 1 of 2): Uptime was 97%.');
    expect(cardText(cardOf(line))).toContain('Acknowledged by Alex.');
  });

  it('opens a personal chat through the connector for someone it has not heard from', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help'));

    const destination = await h.teams.surface.directDestination({ teamsUserId: 'aad-megan' });

    const created = await h.connector.waitFor((r) => r.kind === 'create-conversation');
    expect(created.body).toMatchObject({
      members: [{ id: 'aad-megan' }],
      tenantId: TEAMS_TEST.tenantId,
      bot: { id: TEAMS_TEST.bot.id },
    });
    expect(destination?.channelId).toMatch(/^a:personal-/);
    expect(await h.teams.surface.directDestination({ name: 'No Teams identity' })).toBeNull();
  });
});

describe('scorecard digests', () => {
  it('posts a digest, and only vendor-visible KPIs without the internal overall score to a vendor place', async () => {
    const scorecard = {
      ...CANNED_SCORECARD,
      lines: [
        ...CANNED_SCORECARD.lines,
        { ...CANNED_SCORECARD.lines[0]!, kpiKey: 'margin', kpiName: 'Internal margin', vendorVisible: false },
      ],
    };
    const to = (purpose: 'internal' | 'vendor') => ({
      surface: 'teams' as const,
      channelId: TEAMS_TEST.channelConversationId,
      serviceUrl: h.connector.serviceUrl,
      purpose,
    });

    await h.teams.surface.postScorecard(to('internal'), { heading: 'Monthly review: November 2026', scorecard });
    await h.teams.surface.postScorecard(to('vendor'), { heading: 'Monthly review: November 2026', scorecard });

    const [internal, vendor] = (await waitForCreates(2)).map((r) => cardText(cardOf(r)));
    expect(internal).toContain('Monthly review: November 2026');
    expect(internal).toContain('Internal margin');
    expect(vendor).not.toContain('Internal margin');
    expect(vendor).not.toContain('87.5');
    expect(vendor).toContain('Network uptime');
  });
});

describe('the /api/messages endpoint', () => {
  it('answers the playground’s HEAD probe, refuses other methods and bad JSON', async () => {
    expect((await fetch(h.endpoint, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(h.endpoint)).status).toBe(405);
    const bad = await fetch(h.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(h.services.calls).toEqual([]);
  });
});

async function waitForCreates(count: number) {
  await h.connector.waitFor(() => h.connector.requests.filter((r) => r.kind === 'create').length >= count);
  return h.connector.requests.filter((r) => r.kind === 'create');
}

/** The service URL as stored: the SDK drops the trailing slash Teams sends. */
function stored(): string {
  return h.connector.serviceUrl.replace(/\/$/, '');
}

type Element = Record<string, unknown> & { id?: string; value?: unknown };

/** Card elements in reading order, containers opened. */
function flatten(elements: unknown[]): Element[] {
  const out: Element[] = [];
  for (const element of elements as Element[]) {
    out.push(element);
    if (Array.isArray(element.items)) out.push(...flatten(element.items));
    if (Array.isArray(element.columns))
      for (const column of element.columns as Element[]) out.push(...flatten(column.items as unknown[]));
  }
  return out;
}
