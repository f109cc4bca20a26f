import { actorOf, buttonsIn, cpmDriver, inlineErrors, type Person, selected } from '../slack/cpm-e2e-driver';
import { pick } from '../support/slack-e2e';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Risks, corrective actions and service credits through Slack, end to end: a risk outside the 5×5 scale is refused
 * on its field, the heat map arrives as a PNG through files.uploadV2, actions move along their lifecycle by button,
 * credit terms with a negative fee are refused inline, and the claim pack arrives as a CSV naming the evidence.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const BYSTANDER: Person = { id: 'U0BYSTANDER', team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0RISKS';
const SHARED = 'C0PARTNER';
const REF = 'GLOBEX-2026-020';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EVIDENCE = 'https://globex.example/monitoring/2026-02';

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;
let scoreId: string;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: BYSTANDER.id, team_id: BYSTANDER.team, name: 'bo', real_name: 'Bo Bystander' },
      { id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' },
    ],
    channels: [
      { id: INTERNAL, name: 'globex-internal', members: [OWNER.id, BYSTANDER.id, TEST_WORKSPACE.botUserId] },
      {
        id: SHARED,
        name: 'globex-partner',
        is_ext_shared: true,
        members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
      },
    ],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-03-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  const { contracts, checkins } = steward.app.services;
  await contracts.create(owner, {
    reference: REF,
    title: 'Data centre hosting',
    vendorName: 'Globex Hosting',
    value: 600_000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    vendorContacts: [{ slackUserId: VENDOR.id }],
    status: 'draft',
  });
  await contracts.upsertKpi(owner, REF, {
    key: 'availability',
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 99,
    target: 99.9,
    warningThreshold: 99.5,
    breachThreshold: 99,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    vendorVisible: true,
  });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
  await contracts.changeStatus(owner, REF, 'active');
  // February's availability breached: 97.5% against a breach threshold of 99%, with its evidence.
  await checkins.sendNow(owner, REF);
  const [checkin] = await steward.app.store.checkins.listForContract(REF);
  const result = await checkins.submitScore(owner, checkin!.id, { value: '97.5', evidenceUrl: EVIDENCE });
  scoreId = result.scoreId;
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

describe('risks in Slack', () => {
  it('refuses likelihood 6 on its field and adds the risk once it is on the scale', async () => {
    const view = await slack.modalFrom(`risk ${REF}`, OWNER, 'risk_create_view');
    const fields = {
      title: 'Single power feed',
      description: 'Hall B has one feed <@U0BYSTANDER>',
      likelihood: selected('6'),
      impact: selected('5'),
      mitigation: 'Second feed ordered',
      owner: pick.user(OWNER.id),
      reviewDate: pick.date('2026-03-20'),
    };
    const refused = inlineErrors(await slack.submit(view, fields, OWNER));
    expect(refused?.likelihood).toContain('a whole number from 1 to 5');
    expect(await steward.app.store.risks.listForContract(REF)).toEqual([]);

    expect(inlineErrors(await slack.submit(view, { ...fields, likelihood: selected('4') }, OWNER))).toBeUndefined();
    const [risk] = await steward.app.store.risks.listForContract(REF);
    expect(risk).toMatchObject({ likelihood: 4, impact: 5, score: 20, title: 'Single power feed' });
    const confirmed = await slack.confirmation(OWNER, 'risk register');
    // The description is not in the confirmation, and nothing the person typed pings anyone.
    expect(JSON.stringify(confirmed.body)).not.toContain('<@U0BYSTANDER>');
  });

  it('posts the heat map as a PNG through files.uploadV2 in the internal channel', async () => {
    const list = JSON.parse(await slack.command(`risks ${REF}`, OWNER));
    expect(JSON.stringify(list)).toContain('Single power feed');
    expect(buttonsIn(list.blocks).map((b) => b.action_id)).toEqual(['risk_post_heat_map', 'risk_update']);

    const click = await slack.click('risk_post_heat_map', REF, OWNER);
    expect(await slack.reply(click)).toContain(`<#${INTERNAL}>`);
    const complete = await standin.waitFor((c) => c.method === 'files.completeUploadExternal' && c.ok);
    expect(complete.body.channel_id).toBe(INTERNAL);
    const file = standin.files().find((f) => f.filename === `${REF}-risks.png`);
    expect(file?.completed).toBe(true);
    expect(file?.content?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Screen readers read the picture out in words.
    expect(file?.alt_text).toMatch(
      /^Risk heat map of .*: 5 by 5 risk matrix, likelihood up and impact across, holding 1 risk/,
    );
  });

  it("takes a click's sender from users.info: a vendor's click carrying our team id is still the vendor's", async () => {
    const uploads = standin.callsTo('files.completeUploadExternal').length;
    const lookups = standin.callsTo('users.info').filter((c) => c.body.user === VENDOR.id).length;
    const forged = { id: VENDOR.id, team: TEST_WORKSPACE.teamId };
    const first = await slack.reply(await slack.click('risk_post_heat_map', REF, forged, { where: SHARED }));
    expect(first).not.toContain('heat map');
    const second = await slack.reply(await slack.click('risk_post_heat_map', REF, forged, { where: INTERNAL }));
    expect(second).not.toContain('heat map');
    expect(standin.callsTo('files.completeUploadExternal')).toHaveLength(uploads);
    // Asked once, then remembered.
    expect(standin.callsTo('users.info').filter((c) => c.body.user === VENDOR.id).length - lookups).toBeLessThanOrEqual(
      1,
    );
  });

  it('keeps the register out of the vendor channel and away from vendors', async () => {
    const inShared = await slack.command(`risks ${REF}`, OWNER, SHARED);
    expect(inShared).toMatch(/internal/);
    expect(inShared).not.toContain('Single power feed');
    const byVendor = await slack.command(`risks ${REF}`, VENDOR, SHARED);
    expect(byVendor).toContain('contract team');
    expect(standin.callsTo('files.completeUploadExternal').every((c) => c.body.channel_id !== SHARED)).toBe(true);
  });

  it('updates a risk from its Update button, sending only what changed', async () => {
    const [risk] = await steward.app.store.risks.listForContract(REF);
    await slack.click('risk_update', `${REF}|${risk!.id}`, OWNER);
    const view = await slack.openedModal('risk_update_view');
    expect(JSON.stringify(view.blocks)).toContain('Single power feed');
    const saved = await slack.submit(
      view,
      {
        title: 'Single power feed',
        description: 'Hall B has one feed <@U0BYSTANDER>',
        likelihood: selected('2'),
        impact: selected('5'),
        mitigation: 'Second feed ordered',
        owner: pick.user(OWNER.id),
        reviewDate: pick.date('2026-03-20'),
        status: selected('mitigating'),
      },
      OWNER,
    );
    expect(inlineErrors(saved)).toBeUndefined();
    expect(await steward.app.store.risks.get(risk!.id)).toMatchObject({
      likelihood: 2,
      score: 10,
      status: 'mitigating',
    });
    const updated = (await steward.app.store.audit.list(REF)).filter((event) => event.action === 'risk.updated').at(-1);
    expect(Object.keys(updated?.after as object).sort()).toEqual(['likelihood', 'score', 'status']);
  });
});

describe('corrective actions in Slack', () => {
  it('moves an action along by button; someone without a role is refused', async () => {
    const [escalation] = await steward.app.store.escalations.listActive({ contractRef: REF });
    await steward.app.services.escalations.addCorrectiveAction(actorOf(OWNER), escalation!.id, {
      action: 'Add a second power feed',
      owner: { slackUserId: OWNER.id },
      dueDate: '2026-04-30',
    });
    const [action] = await steward.app.store.correctiveActions.listForContract(REF);
    const list = JSON.parse(await slack.command(`actions ${REF}`, OWNER));
    expect(buttonsIn(list.blocks).map((b) => b.text)).toEqual(['Approve', 'Cancel…']);

    const refused = await slack.click('corrective_action_approve', action!.id, BYSTANDER);
    expect(await slack.reply(refused)).toMatch(/owner or governance roles/);
    expect((await steward.app.store.correctiveActions.get(action!.id))?.status).toBe('planned');

    for (const [actionId, status] of [
      ['corrective_action_approve', 'approved'],
      ['corrective_action_start', 'in progress'],
      ['corrective_action_verify', 'verified'],
      ['corrective_action_close', 'closed'],
    ] as const) {
      const click = await slack.click(actionId, action!.id, OWNER);
      expect(await slack.reply(click)).toContain(status);
    }
    expect((await steward.app.store.correctiveActions.get(action!.id))?.status).toBe('closed');
    // A step out of order is refused with what is possible instead.
    const late = await slack.click('corrective_action_start', action!.id, OWNER);
    expect(await slack.reply(late)).toContain('can no longer change');
  });

  it('cancels with a note, asking for the note when it is missing', async () => {
    const [escalation] = await steward.app.store.escalations.listActive({ contractRef: REF });
    await steward.app.services.escalations.addCorrectiveAction(actorOf(OWNER), escalation!.id, {
      action: 'Move racks to hall A',
      owner: { slackUserId: OWNER.id },
      dueDate: '2026-05-31',
    });
    const action = (await steward.app.store.correctiveActions.listForContract(REF)).find(
      (candidate) => candidate.action === 'Move racks to hall A',
    )!;
    await slack.click('corrective_action_cancel', action.id, OWNER);
    const view = await slack.openedModal('corrective_action_cancel_view');
    expect(inlineErrors(await slack.submit(view, { note: '' }, OWNER))?.note).toContain('required');
    expect(inlineErrors(await slack.submit(view, { note: 'The second feed is enough' }, OWNER))).toBeUndefined();
    expect((await steward.app.store.correctiveActions.get(action.id))?.status).toBe('cancelled');
  });
});

describe('service credits in Slack', () => {
  it('refuses a negative fee and a malformed rule on their fields, then saves the terms', async () => {
    const view = await slack.modalFrom(`credits ${REF} terms`, OWNER, 'service_credit_terms_view');
    const negative = inlineErrors(
      await slack.submit(view, { periodFee: '-100', rules: 'availability 2 10 1', contractCapPercent: '15' }, OWNER),
    );
    expect(negative?.periodFee).toContain('0 or more');
    const malformed = inlineErrors(
      await slack.submit(
        view,
        { periodFee: '25000', rules: 'availability 2 10 1\nuptime two', contractCapPercent: '15' },
        OWNER,
      ),
    );
    expect(malformed?.rules).toContain('Line 2');
    const unknown = inlineErrors(
      await slack.submit(view, { periodFee: '25000', rules: '\nuptime 2 10', contractCapPercent: '15' }, OWNER),
    );
    expect(unknown?.rules).toMatch(/Line 2: .*no KPI uptime/);
    expect((await steward.app.store.contracts.require(REF)).serviceCreditRules ?? []).toEqual([]);

    const saved = await slack.submit(
      view,
      { periodFee: '25000', rules: 'availability 2 10 1', contractCapPercent: '15' },
      OWNER,
    );
    expect(inlineErrors(saved)).toBeUndefined();
    const contract = await steward.app.store.contracts.require(REF);
    expect(contract.periodFee).toEqual({ amount: 25000, currency: 'EUR' });
    expect(contract.serviceCreditRules).toEqual([
      { kpiKey: 'availability', percentOfFeePerPoint: 2, capPercent: 10, flatPercentOnBreach: 1 },
    ]);
    expect(await slack.command(`credits ${REF}`, OWNER)).toContain('25,000.00 EUR');
  });

  it('uploads the claim pack as a CSV that names the score and its evidence', async () => {
    const answer = await slack.command(`credits ${REF} 2026-02`, OWNER);
    expect(answer).toContain('Service credit claim');
    expect(answer).toContain(`<#${INTERNAL}>`);
    const file = standin.files().find((f) => f.filename === `${REF}-service-credits-2026-02.csv`);
    expect(file?.completed).toBe(true);
    const csv = file?.content?.toString('utf8') ?? '';
    expect(csv.split(/\r?\n/)[0]).toContain('evidence_url');
    expect(csv).toContain(EVIDENCE);
    expect(csv).toContain(scoreId);
    // 1.5 points beyond breach × 2% + 1% flat = 4% of 25,000 EUR.
    expect(csv).toMatch(/credited,97\.5,.*,1000,EUR/);

    // Asked in the vendor channel, the internal claim is refused; a vendor is refused before anything runs.
    expect(await slack.command(`credits ${REF} 2026-02`, OWNER, SHARED)).toMatch(/internal/);
    expect(await slack.command(`credits ${REF} 2026-02`, VENDOR, SHARED)).toContain('contract team');
    expect(await slack.command(`credits ${REF} March`, OWNER)).toContain('Usage');
    expect(standin.callsTo('files.completeUploadExternal').every((c) => c.body.channel_id !== SHARED)).toBe(true);
  });
});
