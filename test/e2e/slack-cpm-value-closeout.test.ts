import { actorOf, buttonsIn, cpmDriver, inlineErrors, type Person, selected } from '../slack/cpm-e2e-driver';
import { pick } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Value and closeout through Slack, end to end: value recorded in a modal and summarized per contract and for the
 * portfolio; the final evaluation; a lesson learned, shown again when a new contract with the same vendor is set up;
 * and the contract closed out, with a date that does not exist refused before anything changes.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const BYSTANDER: Person = { id: 'U0BYSTANDER', team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0FACILITIES';
const REF = 'INITECH-2026-030';
const NEXT_REF = 'INITECH-2027-031';
const VENDOR_NAME = 'Initech Cleaning';

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: BYSTANDER.id, team_id: BYSTANDER.team, name: 'bo', real_name: 'Bo Bystander' },
      { id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' },
    ],
    channels: [{ id: INTERNAL, name: 'facilities', members: [OWNER.id, BYSTANDER.id, TEST_WORKSPACE.botUserId] }],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  await steward.app.services.contracts.create(owner, {
    reference: REF,
    title: 'Office cleaning',
    vendorName: VENDOR_NAME,
    category: 'Facilities',
    value: 240_000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    status: 'active',
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

describe('value in Slack', () => {
  it('records value from the modal, refusing a period outside the term on its field', async () => {
    const view = await slack.modalFrom(`value ${REF} record`, OWNER, 'value_record_view');
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"2026-02"'); // the month just ended
    const fields = {
      periodKey: '2025-06',
      kind: selected('savings'),
      planned: '10000',
      realized: '8000',
      currency: 'EUR',
      note: 'Fewer night shifts',
    };
    expect(inlineErrors(await slack.submit(view, fields, OWNER))?.periodKey).toContain('outside the term');
    expect(
      inlineErrors(await slack.submit(view, { ...fields, periodKey: '2026-02', planned: 'lots' }, OWNER))?.planned,
    ).toContain('Planned value must be a number');
    expect(await steward.app.store.values.listForContract(REF)).toEqual([]);

    expect(inlineErrors(await slack.submit(view, { ...fields, periodKey: '2026-02' }, OWNER))).toBeUndefined();
    expect(await steward.app.store.values.listForContract(REF)).toEqual([
      expect.objectContaining({ periodKey: '2026-02', kind: 'savings', planned: 10000, realized: 8000 }),
    ]);
    await slack.confirmation(OWNER, 'Recorded savings');
  });

  it('summarizes a contract and the portfolio, with a button to record more', async () => {
    const summary = JSON.parse(await slack.command(`value ${REF}`, OWNER));
    expect(JSON.stringify(summary)).toContain('8,000.00 EUR realized of 10,000.00 EUR planned (80%)');
    expect(buttonsIn(summary.blocks)).toEqual([expect.objectContaining({ action_id: 'value_record', value: REF })]);
    await slack.click('value_record', REF, OWNER);
    expect((await slack.openedModal('value_record_view', 2)).private_metadata).toContain(REF);

    const portfolio = await slack.command('value portfolio', OWNER);
    expect(portfolio).toContain('Portfolio value');
    expect(portfolio).toContain(REF);
    expect(await slack.command(`value ${REF}`, VENDOR)).toContain('contract team');
    expect(await slack.command(`value ${REF} recorded`, OWNER)).toContain('Usage');
  });
});

describe('closeout in Slack', () => {
  it('shows the final evaluation of the term', async () => {
    const evaluation = await slack.command(`closeout ${REF}`, OWNER);
    expect(evaluation).toContain(`Final evaluation — ${REF}`);
    expect(evaluation).toMatch(/Recommendation: \*:[a-z_]+: (renew|renew with conditions|do not renew)\*/);
    expect(evaluation).toContain('8,000.00 EUR realized');
  });

  it('records a lesson from a participant and refuses one from someone who did not take part', async () => {
    const refused = await slack.command(`lesson ${REF} I was never on this contract`, BYSTANDER);
    expect(refused).toContain('Only people who run');
    const recorded = await slack.command(
      `lesson ${REF} Agree the "night shift" handover in writing &lt;b&gt;before&lt;/b&gt; the start`,
      OWNER,
    );
    expect(recorded).toContain('Lesson recorded');
    const lessons = await steward.app.store.lessons.listForVendor(VENDOR_NAME);
    expect(lessons.map((lesson) => lesson.text)).toEqual([
      'Agree the "night shift" handover in writing <b>before</b> the start',
    ]);
  });

  it('refuses a renewal to a day that does not exist, changing nothing, then closes the contract out', async () => {
    const before = await steward.app.store.contracts.require(REF);
    const refused = await slack.command(`close ${REF} renewed 2027-02-30 One more year`, OWNER);
    expect(refused).toContain('2027-02-30 is not a day in the calendar');
    const after = await steward.app.store.contracts.require(REF);
    expect(after).toMatchObject({ status: before.status, endDate: before.endDate, revision: before.revision });
    expect(after.closeout?.outcome).toBeUndefined();
    expect(await slack.command(`close ${REF} renewed`, OWNER)).toContain('Usage');

    const closed = await slack.command(`close ${REF} closed Handover to the new supplier is done`, OWNER);
    expect(closed).toContain('is closed out');
    expect(await steward.app.store.contracts.require(REF)).toMatchObject({
      status: 'closed',
      closeout: expect.objectContaining({ outcome: 'closed' }),
    });
  });

  it('shows the lesson when a new contract with the same vendor is created', async () => {
    const view = await slack.modalFrom('new', OWNER, 'contract_create_view');
    const saved = await slack.submit(
      view,
      {
        reference: NEXT_REF,
        title: 'Office cleaning, second term',
        vendorName: VENDOR_NAME,
        value: '250000',
        currency: 'EUR',
        startDate: pick.date('2027-01-01'),
        endDate: pick.date('2027-12-31'),
        timezone: 'Europe/Berlin',
      },
      OWNER,
    );
    expect(inlineErrors(saved)).toBeUndefined();
    const confirmation = await slack.confirmation(OWNER, `Created *${NEXT_REF}*`);
    const text = String(confirmation.body.text);
    expect(text).toContain('Lessons from earlier contracts');
    expect(text).toContain('Agree the "night shift" handover in writing &lt;b&gt;before&lt;/b&gt; the start');
    expect(text).toContain(REF);
    expect(text).not.toContain('<b>');
  });
});
