import type { ViewStateValue } from '@slack/bolt';
import { type OpenedView, openedView, pick, submitView } from '../support/slack-e2e';
import { blockActionPayload, slashCommandBody } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * The rest of the Slack flows, end to end: scheduled prompts and reminders, not applicable, snooze,
 * corrections, governance roles, KPI versions, listing and escalation follow-up.
 */
const OWNER = TEST_WORKSPACE.user.id;
const FINANCE = 'U0FINANCE';
const BYSTANDER = 'U0BYSTANDER';
const INTERNAL = 'C0OPS';
const REF = 'GLOBEX-2026-002';
const OTHER = 'INITECH-2026-003';

let standin: SlackStandin;
let steward: StewardUnderTest;
let counter = 0;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      // Prompts go out at the prompt hour in the respondent's own timezone (their Slack profile).
      { id: OWNER, team_id: TEST_WORKSPACE.teamId, name: 'alice', real_name: 'Alice Example', tz: 'Europe/Berlin' },
      { id: FINANCE, team_id: TEST_WORKSPACE.teamId, name: 'fin', real_name: 'Fiona Finance' },
      { id: BYSTANDER, team_id: TEST_WORKSPACE.teamId, name: 'bo', real_name: 'Bo Bystander' },
    ],
    channels: [{ id: INTERNAL, name: 'globex-ops', members: [OWNER, FINANCE, TEST_WORKSPACE.botUserId] }],
  });
  steward = await startStewardWithSlack({ standin });
  const owner = {
    person: { slackUserId: OWNER, slackTeamId: TEST_WORKSPACE.teamId },
    surface: 'slack' as const,
    external: false,
  };
  for (const [reference, vendorName, status] of [
    [REF, 'Globex Facilities', 'active'],
    [OTHER, 'Initech Cleaning', 'draft'],
  ] as const) {
    await steward.app.services.contracts.create(owner, {
      reference,
      title: `${vendorName} contract`,
      vendorName,
      value: 480000,
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      status,
    });
  }
  await steward.app.services.contracts.upsertKpi(owner, REF, {
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
  await steward.app.services.contracts.linkChannel(owner, REF, {
    surface: 'slack',
    channelId: INTERNAL,
    purpose: 'internal',
  });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

async function command(text: string, user: string = OWNER) {
  counter += 1;
  const id = `cmd-${counter}`;
  await steward.send(
    'command',
    slashCommandBody({ text, channel_id: INTERNAL, user_id: user, response_url: standin.responseUrl(id) }),
  );
  return JSON.stringify(await standin.waitForResponse(id));
}

const opened = (callbackId: string, count = 1) => openedView(standin, callbackId, count);
const submit = (view: OpenedView, values: Record<string, string | ViewStateValue>, user: string = OWNER) =>
  submitView(steward, view, values, { id: user });

function click(actionId: string, value: string, user: string = OWNER, message?: { ts: string }) {
  counter += 1;
  return steward.send(
    'interaction',
    blockActionPayload({
      action_id: actionId,
      value,
      user: { id: user, team_id: TEST_WORKSPACE.teamId } as never,
      channel: { id: INTERNAL, name: 'globex-ops' } as never,
      response_url: standin.responseUrl(`click-${counter}`),
      ...(message
        ? {
            message: message as never,
            container: { type: 'message', message_ts: message.ts, channel_id: INTERNAL, is_ephemeral: false } as never,
          }
        : {}),
    } as never),
  );
}

const rating = pick.radio;
describe('Slack check-in actions, end to end', () => {
  it('lists contracts filtered by status, owner and vendor', async () => {
    const all = await command('list');
    expect(all).toContain(REF);
    expect(all).toContain(OTHER);
    const active = await command('list status:active');
    expect(active).toContain(REF);
    expect(active).not.toContain(OTHER);
    const byVendor = await command('list vendor:"initech cleaning"');
    expect(byVendor).toContain(OTHER);
    expect(byVendor).not.toContain(REF);
    const mine = await command(`list owner:<@${OWNER}|alice>`);
    expect(mine).toContain(REF);
    expect(await command(`list owner:<@${BYSTANDER}|bo>`)).not.toContain(REF);
    expect(await command('list colour:blue')).toMatch(/list/);
  });

  it('posts the scheduled prompt at the prompt hour, reminds in the thread, and lets the owner mark it not applicable with a reason', async () => {
    // Monday 2 March, 09:00 in Berlin: February's check-in is due.
    await steward.app.services.checkins.createDueCheckins(steward.clock());
    await steward.app.services.checkins.dispatchDue(steward.clock());
    // Linking the channel posted the kickoff checklist there first; the prompt is the message with check-in metadata.
    const prompt = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.channel === INTERNAL &&
        c.ok &&
        JSON.stringify(c.body).includes('steward_checkin_prompt'),
    );
    expect(JSON.stringify(prompt.body.blocks)).toContain('Occupant satisfaction');
    const ts = (prompt.response as { ts: string }).ts;

    steward.clock.advance(24 * 3_600_000 + 60_000);
    await steward.app.services.checkins.dispatchDue(steward.clock());
    const reminder = await standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === ts);
    expect(JSON.stringify(reminder.body)).toMatch(/Reminder/);

    const checkin = (await steward.app.store.checkins.listForContract(REF))[0]!;
    await click('checkin_not_applicable', checkin.id, OWNER, { ts });
    const view = await opened('checkin_not_applicable_view');
    const refused = await submit(view, { reason: '' });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    expect((await steward.app.store.checkins.require(checkin.id)).status).toBe('prompted');

    await submit(view, { reason: 'Building closed for renovation all February' });
    expect(await steward.app.store.checkins.require(checkin.id)).toMatchObject({
      status: 'not-applicable',
      notApplicableReason: 'Building closed for renovation all February',
    });
    const update = await standin.waitFor((c) => c.method === 'chat.update' && c.body.ts === ts);
    expect(JSON.stringify(update.body.blocks)).toContain('Building closed for renovation');
  });

  it('snoozes a prompt to the next working morning and answers a rating; the author corrects it, a bystander may not', async () => {
    steward.clock.set('2026-04-01T08:00:00Z');
    await steward.app.services.checkins.createDueCheckins(steward.clock());
    await steward.app.services.checkins.dispatchDue(steward.clock());
    const prompt = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.channel === INTERNAL &&
        c.ok &&
        JSON.stringify(c.body.blocks).includes('March 2026'),
    );
    const ts = (prompt.response as { ts: string }).ts;
    const checkin = (await steward.app.store.checkins.listForContract(REF)).find((c) => c.periodKey === '2026-03')!;

    await click('checkin_snooze', checkin.id, OWNER, { ts });
    await standin.waitFor(
      (c) =>
        c.method === 'chat.update' && c.body.ts === ts && JSON.stringify(c.body.blocks).match(/[Ss]nooze/) !== null,
    );
    // Wednesday 09:00 → Thursday 2 April 09:00 Berlin.
    expect((await steward.app.store.checkins.require(checkin.id)).snoozedUntil?.toISOString()).toBe(
      '2026-04-02T07:00:00.000Z',
    );

    await click('checkin_open_score', checkin.id, OWNER, { ts });
    const scoreView = await opened('checkin_submit_score');
    const refused = await submit(scoreView, { value: rating('7') });
    expect(refused.body).toMatchObject({
      response_action: 'errors',
      errors: { value: expect.stringMatching(/1 to 5/) },
    });
    await submit(scoreView, { value: rating('4') });
    const score = await steward.app.store.scores.forCheckin(checkin.id);
    expect(score).toMatchObject({ value: 4, rag: 'green' });

    await click('score_correct', score!.id, BYSTANDER, { ts });
    const told = await standin.waitFor((c) => c.method === 'chat.postEphemeral' || c.method === 'views.open', {
      count: 1,
    });
    expect(told).toBeDefined();
    expect(
      standin
        .callsTo('views.open')
        .some((c) => (c.body.view as { callback_id?: string }).callback_id === 'score_correct_view'),
    ).toBe(false);

    await click('score_correct', score!.id, OWNER, { ts });
    const correction = await opened('score_correct_view');
    await submit(correction, { value: rating('3'), reason: 'Survey had a counting error' });
    const corrected = await steward.app.store.scores.get(score!.id);
    expect(corrected).toMatchObject({ value: 3, rag: 'amber', revision: 2 });
    expect(corrected?.corrections[0]).toMatchObject({
      previous: { value: 4, rag: 'green' },
      reason: 'Survey had a counting error',
    });
    const audit = await steward.app.store.audit.list(REF);
    expect(audit.find((e) => e.action === 'score.corrected')).toMatchObject({
      before: { value: 4 },
      after: { value: 3 },
    });
  });

  it('refuses the roles and escalation path forms to a bystander before they open, saying who may change them', async () => {
    const opens = () => standin.calls.filter((c) => c.method === 'views.open').length;
    const before = opens();
    for (const text of [`roles ${REF}`, `path ${REF}`]) {
      const answer = await command(text, BYSTANDER);
      expect(answer).toContain(`Only ${REF}'s owner or governance roles can change it.`);
    }
    expect(opens()).toBe(before);
    // The owner still gets the form.
    await steward.send(
      'command',
      slashCommandBody({ text: `path ${REF}`, channel_id: INTERNAL, response_url: standin.responseUrl('path') }),
    );
    await opened('escalation_path_view');
  });

  it('sets governance roles from the modal and keeps KPI history when the target changes', async () => {
    await steward.send(
      'command',
      slashCommandBody({ text: `roles ${REF}`, channel_id: INTERNAL, response_url: standin.responseUrl('roles') }),
    );
    const roles = await opened('contract_roles_view');
    await submit(roles, {
      owner: { type: 'multi_users_select', selected_users: [OWNER] } as ViewStateValue,
      finance: { type: 'multi_users_select', selected_users: [FINANCE] } as ViewStateValue,
    });
    expect((await steward.app.store.contracts.require(REF)).governance.finance).toEqual([
      expect.objectContaining({ slackUserId: FINANCE }),
    ]);

    await steward.send(
      'command',
      slashCommandBody({
        text: `kpi ${REF} satisfaction`,
        channel_id: INTERNAL,
        response_url: standin.responseUrl('kpi-edit'),
      }),
    );
    const edit = await opened('kpi_edit_view');
    expect(JSON.stringify(edit.blocks)).toContain('Occupant satisfaction');
    await submit(edit, {
      name: 'Occupant satisfaction',
      kind: 'rating',
      direction: 'higher-is-better',
      baseline: '3',
      target: '5',
      warningThreshold: '4.5',
      breachThreshold: '3.5',
      weight: '1',
      cadence: 'monthly',
      respondent: 'owner',
      vendorVisible: {
        type: 'checkboxes',
        selected_options: [{ text: { type: 'plain_text', text: 'yes' }, value: 'yes' }],
      } as ViewStateValue,
    });
    const kpi = await steward.app.store.kpis.get(REF, 'satisfaction');
    expect(kpi).toMatchObject({ version: 2, target: 5, breachThreshold: 3.5 });
    // March's corrected 3 stays amber under version 1; under version 2 it would be red.
    const march = (await steward.app.store.scores.history(REF, 'satisfaction'))[0];
    expect(march).toMatchObject({ value: 3, rag: 'amber', kpiVersion: 1 });
    expect(await steward.app.store.kpis.definitionAt(REF, 'satisfaction', 1)).toMatchObject({ target: 4.5 });
  });

  it('acknowledges an escalation and adds a corrective action from the modal; the list shows it', async () => {
    steward.clock.set('2026-05-04T07:00:00Z');
    await steward.app.services.checkins.createDueCheckins(steward.clock());
    await steward.app.services.checkins.dispatchDue(steward.clock());
    const checkin = (await steward.app.store.checkins.listForContract(REF)).find((c) => c.periodKey === '2026-04')!;
    await click('checkin_open_score', checkin.id);
    const scoreView = await opened('checkin_submit_score', 2);
    await submit(scoreView, { value: rating('2') });
    // The modal is acknowledged once the score is saved; the escalation opens in its follow-ups right after.
    let escalation = (await steward.app.store.escalations.listActive({ contractRef: REF }))[0];
    for (let i = 0; i < 100 && !escalation; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      escalation = (await steward.app.store.escalations.listActive({ contractRef: REF }))[0];
    }
    if (!escalation) throw new Error('no escalation opened for the red score');
    expect(escalation).toMatchObject({ trigger: 'red-score', status: 'open' });

    const listed = await command(`escalations ${REF}`);
    expect(listed).toContain('satisfaction');
    expect(listed).toMatch(/level 1/);

    await click('escalation_acknowledge', escalation.id, BYSTANDER);
    await standin
      .waitFor(
        (c) =>
          c.method === 'chat.postEphemeral' ||
          (c.method === 'views.open' && JSON.stringify(c.body).includes('escalation path')),
        { timeoutMs: 3000 },
      )
      .catch(() => undefined);
    expect((await steward.app.store.escalations.require(escalation.id)).status).toBe('open');
    await click('escalation_acknowledge', escalation.id, FINANCE);
    for (
      let i = 0;
      i < 50 && (await steward.app.store.escalations.require(escalation.id)).status !== 'acknowledged';
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await steward.app.store.escalations.require(escalation.id)).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: expect.objectContaining({ slackUserId: FINANCE }),
    });

    await click('escalation_add_action', escalation.id, FINANCE);
    const actionView = await opened('escalation_add_action_view');
    const badDate = await submit(
      actionView,
      {
        action: 'Re-run the survey with a new provider',
        owner: { type: 'users_select', selected_user: FINANCE } as ViewStateValue,
        dueDate: { type: 'datepicker', selected_date: '2026-02-30' } as ViewStateValue,
      },
      FINANCE,
    );
    expect(badDate.body).toMatchObject({ response_action: 'errors', errors: { dueDate: expect.any(String) } });
    await submit(
      actionView,
      {
        action: 'Re-run the survey with a new provider',
        owner: { type: 'users_select', selected_user: FINANCE } as ViewStateValue,
        dueDate: { type: 'datepicker', selected_date: '2026-05-20' } as ViewStateValue,
      },
      FINANCE,
    );
    expect(await steward.app.store.correctiveActions.listForEscalation(escalation.id)).toEqual([
      expect.objectContaining({
        action: 'Re-run the survey with a new provider',
        dueDate: '2026-05-20',
        status: 'planned',
      }),
    ]);
  });
});
