import { actorOf, buttonsIn, cpmDriver, inlineErrors, type Person, selected } from '../slack/cpm-e2e-driver';
import { pick } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Kickoff and obligations through Slack, end to end: the kickoff checklist reaches the vendor's shared channel with
 * an Acknowledge button the vendor presses; obligations are added in a modal, documented, fulfilled on time or late
 * by the clock, and only the contract team may waive them.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const BYSTANDER: Person = { id: 'U0BYSTANDER', team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0INTERNAL';
const SHARED = 'C0SHARED';
const REF = 'ACME-2026-010';

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: BYSTANDER.id, team_id: BYSTANDER.team, name: 'bo', real_name: 'Bo Bystander' },
      { id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' },
    ],
    channels: [
      { id: INTERNAL, name: 'acme-internal', members: [OWNER.id, BYSTANDER.id, TEST_WORKSPACE.botUserId] },
      {
        id: SHARED,
        name: 'acme-partner',
        is_ext_shared: true,
        members: [OWNER.id, BYSTANDER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
      },
    ],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  const { contracts } = steward.app.services;
  await contracts.create(owner, {
    reference: REF,
    title: 'Managed network',
    vendorName: 'Acme Networks',
    value: 1_200_000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    vendorContacts: [{ slackUserId: VENDOR.id }],
    status: 'draft',
  });
  const kpi = {
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98.5,
    weight: 1,
    cadence: { type: 'monthly' },
  };
  await contracts.upsertKpi(owner, REF, {
    ...kpi,
    key: 'availability',
    name: 'Availability',
    respondent: 'vendor',
    vendorVisible: true,
  });
  await contracts.upsertKpi(owner, REF, {
    ...kpi,
    key: 'margin-leakage',
    name: 'Internal margin leakage',
    respondent: 'owner',
    vendorVisible: false,
  });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

describe('kickoff in Slack', () => {
  it('posts the checklist when the contract starts, and /steward kickoff posts it where it could not go before', async () => {
    // Steward is not in the internal channel yet when the contract starts: that post fails and is retried later.
    standin.failNext('chat.postMessage', { error: 'not_in_channel' });
    await slack.command(`status ${REF} active`, OWNER);
    const shared = await standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === SHARED && c.ok);
    const sharedText = JSON.stringify(shared.body);
    expect(sharedText).toContain('Availability');
    expect(sharedText).toContain(`<@${VENDOR.id}>`);
    // The vendor view: no internal KPI, no escalation path, and the Acknowledge button.
    expect(sharedText).not.toContain('margin');
    expect(buttonsIn(shared.body.blocks)).toEqual([
      expect.objectContaining({ action_id: 'kickoff_acknowledge', value: REF }),
    ]);

    const answer = await slack.command(`kickoff ${REF}`, OWNER);
    expect(answer).toContain('in 1 linked channel');
    expect(answer).toContain('Internal margin leakage'); // the caller's own, internal view
    expect(answer).toContain('ephemeral');
    const internal = standin.messagesIn(INTERNAL).at(-1);
    expect(JSON.stringify(internal)).toContain('Waiting for Acme Networks to acknowledge');
    expect(buttonsIn(internal?.blocks)).toEqual([]);

    // Once posted everywhere, the command shows the checklist without posting again.
    const again = await slack.command(`kickoff ${REF}`, OWNER);
    expect(again).toContain('already posted in every linked channel');
    expect(standin.messagesIn(SHARED).filter((m) => JSON.stringify(m).includes('kickoff_acknowledge'))).toHaveLength(1);
  });

  it('stores people picked by Slack id with the display name users.info gives, so text and files name them', async () => {
    const contract = await steward.app.store.contracts.require(REF);
    expect(contract.vendor.contacts).toEqual([{ slackUserId: VENDOR.id, name: 'Vera Vendor' }]);
    const view = await steward.app.services.kickoff.checklist(actorOf(OWNER), REF);
    expect(view.vendorContacts.map((person) => person.name)).toEqual(['Vera Vendor']);
  });

  it('refuses the kickoff command for someone without a role on the contract, with an audit entry', async () => {
    const answer = await slack.command(`kickoff ${REF}`, BYSTANDER);
    expect(answer).toMatch(/owner or governance roles/);
    const refused = (await steward.app.store.audit.list(REF)).filter(
      (event) => event.action === 'access.refused' && event.actor.slackUserId === BYSTANDER.id,
    );
    expect(refused).toHaveLength(1);
  });

  it('lets the vendor acknowledge with the button; an internal colleague pressing it is refused', async () => {
    const kickoff = standin.messagesIn(SHARED).find((m) => JSON.stringify(m).includes('kickoff_acknowledge'))!;
    const message = { ts: kickoff.ts, blocks: kickoff.blocks as unknown[], text: kickoff.text };

    const refused = await slack.click('kickoff_acknowledge', REF, BYSTANDER, { where: SHARED, message });
    expect(await slack.reply(refused)).toContain("Only Acme Networks's contacts");
    expect((await steward.app.store.contracts.require(REF)).kickoff?.acknowledgedAt).toBeUndefined();

    const pressed = await slack.click('kickoff_acknowledge', REF, VENDOR, { where: SHARED, message });
    expect(await slack.reply(pressed)).toContain('is acknowledged');
    const update = await standin.waitFor(
      (c) => c.method === 'chat.update' && c.body.channel === SHARED && c.body.ts === kickoff.ts && c.ok,
    );
    expect(JSON.stringify(update.body.blocks)).toContain(`Acknowledged by <@${VENDOR.id}>`);
    expect(buttonsIn(update.body.blocks)).toEqual([]);
    const told = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.channel === INTERNAL &&
        JSON.stringify(c.body).includes('acknowledged the kickoff'),
    );
    expect(JSON.stringify(told.body)).toContain(`<@${OWNER.id}>`);
    const stored = await steward.app.store.contracts.require(REF);
    expect(stored.kickoff?.acknowledgedBy).toMatchObject({ slackUserId: VENDOR.id });

    // Typed, a second time: the first acknowledgment stands.
    const typed = await slack.command(`acknowledge ${REF}`, VENDOR, SHARED);
    expect(typed).toContain('already acknowledged');
  });
});

describe('obligations in Slack', () => {
  let onTimeId: string;

  it('adds an obligation from the modal, refusing a date that does not exist on its field', async () => {
    const view = await slack.modalFrom(`obligation ${REF}`, OWNER, 'obligation_create_view');
    const fields = {
      kind: selected('report'),
      title: 'Monthly availability report',
      owner: pick.user(VENDOR.id),
      dueDate: pick.date('2026-02-30'),
      recurrence: selected('none'),
    };
    const refused = inlineErrors(await slack.submit(view, fields, OWNER));
    expect(refused?.dueDate).toContain('2026-02-30 is not a day in the calendar');
    expect(await steward.app.store.obligations.listForContract(REF)).toEqual([]);

    const saved = await slack.submit(view, { ...fields, dueDate: pick.date('2026-03-20') }, OWNER);
    expect(inlineErrors(saved)).toBeUndefined();
    const [obligation] = await steward.app.store.obligations.listForContract(REF);
    expect(obligation).toMatchObject({ title: 'Monthly availability report', dueDate: '2026-03-20', outcome: 'open' });
    onTimeId = obligation!.id;
    await slack.confirmation(OWNER, 'Added the obligation');
  });

  it('lets the vendor see what it owes and add evidence; a bad link is refused on its field', async () => {
    const list = JSON.parse(await slack.command(`obligations ${REF}`, VENDOR, SHARED));
    expect(JSON.stringify(list)).toContain('Monthly availability report');
    // A vendor may document, not decide the outcome.
    expect(buttonsIn(list.blocks).map((b) => b.action_id)).toEqual(['obligation_add_evidence']);

    await slack.click('obligation_add_evidence', onTimeId, VENDOR, { where: SHARED });
    const view = await slack.openedModal('obligation_evidence_view');
    const refused = inlineErrors(await slack.submit(view, { url: 'javascript:alert(1)' }, VENDOR));
    expect(refused?.url).toContain('https://');
    const saved = await slack.submit(
      view,
      { url: 'https://acme.example/reports/2026-02.pdf', note: 'February report <!channel>' },
      VENDOR,
    );
    expect(inlineErrors(saved)).toBeUndefined();
    const obligation = await steward.app.store.obligations.get(onTimeId);
    expect(obligation?.evidence).toEqual([
      expect.objectContaining({ url: 'https://acme.example/reports/2026-02.pdf', note: 'February report <!channel>' }),
    ]);
  });

  it('records fulfilled on time before the due date and late after it, by the clock', async () => {
    const list = JSON.parse(await slack.command(`obligations ${REF}`, OWNER));
    const ids = buttonsIn(list.blocks).map((b) => b.action_id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'obligation_add_evidence',
        'obligation_fulfilled',
        'obligation_not_fulfilled',
        'obligation_waive',
      ]),
    );
    // User text is escaped wherever it is shown.
    expect(JSON.stringify(list)).not.toContain('<!channel>');

    const onTime = await slack.click('obligation_fulfilled', onTimeId, OWNER);
    expect(await slack.reply(onTime)).toContain('fulfilled on time');
    expect((await steward.app.store.obligations.get(onTimeId))?.outcome).toBe('fulfilled-on-time');

    const late = await steward.app.services.obligations.create(actorOf(OWNER), REF, {
      kind: 'insurance',
      title: 'Liability insurance certificate',
      owner: { slackUserId: VENDOR.id },
      dueDate: '2026-03-05',
    });
    steward.clock.set('2026-03-10T09:00:00Z');
    const lateClick = await slack.click('obligation_fulfilled', late.id, OWNER);
    expect(await slack.reply(lateClick)).toContain('fulfilled late');
    expect((await steward.app.store.obligations.get(late.id))?.outcome).toBe('fulfilled-late');

    // Closed is closed.
    const twice = await slack.click('obligation_not_fulfilled', late.id, OWNER);
    expect(await slack.reply(twice)).toContain('already closed');
  });

  it('refuses a waiver by someone without a role, and takes one with a reason from the owner', async () => {
    const waivable = await steward.app.services.obligations.create(actorOf(OWNER), REF, {
      kind: 'audit',
      title: 'Annual security audit',
      owner: { slackUserId: VENDOR.id },
      dueDate: '2026-06-30',
    });
    await slack.click('obligation_waive', waivable.id, BYSTANDER);
    const bystanderView = await slack.openedModal('obligation_waive_view', 1);
    const refused = inlineErrors(await slack.submit(bystanderView, { waivedReason: 'not needed' }, BYSTANDER));
    expect(refused?.waivedReason).toMatch(/owner or governance roles/);
    expect((await steward.app.store.obligations.get(waivable.id))?.outcome).toBe('open');
    const audit = await steward.app.store.audit.list(REF);
    expect(
      audit.filter((event) => event.action === 'access.refused' && event.actor.slackUserId === BYSTANDER.id).length,
    ).toBeGreaterThanOrEqual(2);

    await slack.click('obligation_waive', waivable.id, OWNER);
    const ownerView = await slack.openedModal('obligation_waive_view', 2);
    const noReason = inlineErrors(await slack.submit(ownerView, { waivedReason: '' }, OWNER));
    expect(noReason?.waivedReason).toContain('Reason for waiving is required');
    const saved = await slack.submit(ownerView, { waivedReason: 'Audited by the group in January' }, OWNER);
    expect(inlineErrors(saved)).toBeUndefined();
    expect(await steward.app.store.obligations.get(waivable.id)).toMatchObject({
      outcome: 'waived',
      waivedReason: 'Audited by the group in January',
    });
  });

  it('shows obligations due soon on the owner’s App Home', async () => {
    await steward.app.services.obligations.create(actorOf(OWNER), REF, {
      kind: 'payment',
      title: 'Quarterly rebate',
      owner: { slackUserId: OWNER.id },
      dueDate: '2026-03-15',
    });
    const { eventEnvelope } = await import('../support/slack-requests');
    await steward.send(
      'event',
      eventEnvelope({
        event: { type: 'app_home_opened', user: OWNER.id, channel: 'D0ALICE', tab: 'home', event_ts: '1.1' } as never,
      }),
    );
    const publish = await standin.waitFor((c) => c.method === 'views.publish' && c.body.user_id === OWNER.id);
    const home = JSON.stringify(publish.body.view);
    expect(home).toContain('Obligations due soon');
    expect(home).toContain('Quarterly rebate');
    expect(home).not.toContain('Annual security audit'); // waived, and not due soon
    expect(home).toContain('Risks to review');
    expect((publish.body.view as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(100);
  });
});
