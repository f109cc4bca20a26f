import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { useTestDatabase } from '../support/database';
import { owner, vendor } from '../support/service-harness';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { type ConnectorRequest, cardOf, cardText } from '../support/teams-connector';
import { byId, nodes } from './cards/card-assertions';
import { GUEST, type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * Kickoff, obligations, risks, corrective actions, service credits, value, closeout, audit trail, reports and
 * imports end to end in Teams: typed commands and card buttons posted to /api/messages as Teams would,
 * through the real Teams SDK, the real services and the test database (FerretDB); replies, invoke responses
 * and the files the services post are read where Teams would get them.
 */
const database = useTestDatabase();
const REF = 'TEAMS-2026-101';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), REF);
});

afterAll(async () => {
  await h?.close();
});

type From = Record<string, unknown>;

/** Types a command as `from` in the personal chat; resolves with the reply and everything the bot created since. */
async function say(
  text: string,
  from: From = TESS.account,
): Promise<{ reply: ConnectorRequest; created: ConnectorRequest[] }> {
  const before = h.connector.requests.length;
  const response = await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from }));
  expect(response.status).toBe(200);
  const isReply = (r: ConnectorRequest) =>
    h.connector.requests.indexOf(r) >= before &&
    r.kind === 'create' &&
    (cardOf(r) !== undefined || !r.body.attachments);
  const reply = await h.connector.waitFor(isReply);
  return { reply, created: h.connector.requests.slice(before).filter((r) => r.kind === 'create') };
}

/** Presses an Action.Execute button: the invoke response is a card (replacing the clicked one) or a message. */
async function click(data: Record<string, unknown>, from: From = TESS.account) {
  const response = await postActivity(h.endpoint, cardActionInvoke(h.connector.serviceUrl, data, { from }));
  expect(response.status).toBe(200);
  return response.body as { statusCode: number; type: string; value: unknown };
}

const asCard = (value: unknown) => value as AdaptiveCard;
const replyCard = (reply: ConnectorRequest) => asCard(cardOf(reply));
/** The data of the first button titled so, as the client sends it back (inputs are added by the caller). */
const button = (card: AdaptiveCard, title: string) => {
  const found = nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
    | { data: Record<string, unknown> }
    | undefined;
  if (!found) throw new Error(`no "${title}" button in ${cardText(card)}`);
  return found.data;
};
const errorUnder = (card: AdaptiveCard, inputId: string) => {
  const error = byId(card, `${inputId}_error`);
  return error ? cardText(error) : undefined;
};

describe('obligations', () => {
  it('refuses a due date that is not in the calendar under the field, keeps what was typed, and writes nothing', async () => {
    const form = replyCard((await say(`steward obligation ${REF}`)).reply);
    expect(cardText(form)).toContain(`New obligation on ${REF}`);

    const answer = await click({
      ...button(form, 'Add obligation'),
      obl_kind: 'report',
      obl_title: 'Quarterly service report',
      obl_owner: 'victor@acme.example',
      obl_dueDate: '2026-02-30',
      obl_recurrence: 'none',
    });

    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const rejected = asCard(answer.value);
    expect(errorUnder(rejected, 'obl_dueDate')).toContain('2026-02-30 is not a day in the calendar');
    expect(byId(rejected, 'obl_title')?.value).toBe('Quarterly service report');
    expect(await h.store.obligations.listForContract(REF)).toEqual([]);
  });

  it('creates one, lists it with its buttons, and marks it fulfilled with its evidence', async () => {
    const form = replyCard((await say(`steward obligation ${REF}`)).reply);
    const created = await click({
      ...button(form, 'Add obligation'),
      obl_kind: 'report',
      obl_title: 'Quarterly service report',
      obl_owner: 'victor@acme.example',
      obl_dueDate: '2026-03-31',
    });
    expect(cardText(created.value)).toContain('Added “Quarterly service report” (report) to TEAMS-2026-101');

    const list = replyCard((await say(`steward obligations ${REF}`)).reply);
    expect(cardText(list)).toContain('Obligations of TEAMS-2026-101 (1 open, 0 closed)');
    const answer = await click({ ...button(list, 'Fulfilled'), ob0_url: 'https://acme.example/q1.pdf' });

    expect(cardText(answer.value)).toContain('✅ “Quarterly service report” is fulfilled on time.');
    expect(cardText(answer.value)).toContain('(0 open, 1 closed)');
    const [stored] = await h.store.obligations.listForContract(REF);
    expect(stored).toMatchObject({ outcome: 'fulfilled-on-time', outcomeBy: TESS.actor.person });
    expect(stored?.evidence.map((item) => item.url)).toEqual(['https://acme.example/q1.pdf']);
  });

  it('asks for the reason under its input when waiving without one, the form left open, and closes nothing', async () => {
    const form = replyCard((await say(`steward obligation ${REF}`)).reply);
    await click({
      ...button(form, 'Add obligation'),
      obl_kind: 'insurance',
      obl_title: 'Liability insurance certificate',
      obl_owner: 'victor@acme.example',
      obl_dueDate: '2026-06-30',
    });
    const list = replyCard((await say(`steward obligations ${REF}`)).reply);

    const answer = await click({ ...button(list, 'Waive'), ob0_note: 'Covered by the group policy' });

    const rejected = asCard(answer.value);
    expect(errorUnder(rejected, 'ob0_waivedReason')).toContain('Reason for waiving is required');
    expect(byId(rejected, 'ob0_note')?.value).toBe('Covered by the group policy');
    expect(byId(rejected, 'obligation_0_form')?.isVisible).toBe(true);
    const open = await h.store.obligations.listForContract(REF, { outcome: ['open'] });
    expect(open.map((obligation) => [obligation.title, obligation.evidence.length])).toEqual([
      ['Liability insurance certificate', 0],
    ]);
  });

  it('lets a guest neither decide an outcome nor create one: refused with a message, nothing changed', async () => {
    const list = replyCard((await say(`steward obligations ${REF}`)).reply);

    const refused = await click({ ...button(list, 'Not fulfilled') }, GUEST);
    const typed = await say(`steward obligation ${REF}`, GUEST);

    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(refused.value)).toMatch(/not one of your organisation's contracts|only/i);
    expect(typed.reply.body.text).toContain('"steward obligation" is for the contract team');
    expect(await h.store.obligations.listForContract(REF, { outcome: ['open'] })).toHaveLength(1);
  });

  it('plans a corrective action for an obligation not fulfilled, from its row, with an owner picked from the people it names', async () => {
    const list = replyCard((await say(`steward obligations ${REF}`)).reply);
    const missed = asCard(
      (await click({ ...button(list, 'Not fulfilled'), ob0_note: 'Certificate never came' })).value,
    );
    expect(cardText(missed)).toContain('Liability insurance certificate');

    const form = asCard((await click(button(missed, 'Plan corrective action…'))).value);
    expect(cardText(form)).toContain('Corrective action for “Liability insurance certificate” on TEAMS-2026-101');
    // Tess plans it, so she owns it unless she picks someone else; two weeks to do it.
    expect(byId(form, 'esc_owner')?.value).toBe(TESS.actor.person.teamsUserId);
    const plan = button(form, 'Plan corrective action');
    const noText = asCard((await click({ ...plan, esc_owner: TESS.actor.person.teamsUserId })).value);
    expect(cardText(noText)).toContain('Corrective action for');
    expect(errorUnder(noText, 'esc_action')).toBeTruthy();

    const planned = await click({
      ...plan,
      esc_action: 'Ask the broker for the certificate',
      esc_owner: TESS.actor.person.teamsUserId,
      esc_dueDate: '2026-04-15',
    });
    expect(cardText(planned.value)).toContain(
      'Planned “Ask the broker for the certificate” on TEAMS-2026-101, due 2026-04-15',
    );
    const actions = await h.store.correctiveActions.listForContract(REF);
    expect(actions.find((action) => action.action === 'Ask the broker for the certificate')).toMatchObject({
      owner: expect.objectContaining({ teamsUserId: TESS.actor.person.teamsUserId }),
      dueDate: '2026-04-15',
    });
  });
});

describe('home', () => {
  it('adds the obligations due soon on the contracts Tess owns', async () => {
    await h.services.obligations.create(owner, REF, {
      kind: 'payment',
      title: 'Performance bond',
      owner: 'victor@acme.example',
      dueDate: '2026-03-10',
    });

    const text = cardText(cardOf((await say('steward home')).reply));

    expect(text).toContain('Obligations due soon (1)');
    expect(text).toContain('TEAMS-2026-101 · Performance bond · \ndue 2026-03-10');
    expect(text).toContain('Risks to review (0)');
  });

  it('leaves them out for a guest', async () => {
    const text = cardText(cardOf((await say('steward home', GUEST)).reply));
    expect(text).not.toContain('Obligations due soon');
  });
});

describe('risks', () => {
  it('refuses a likelihood of 6 under its input and writes nothing', async () => {
    const form = replyCard((await say(`steward risk ${REF}`)).reply);

    const answer = await click({
      ...button(form, 'Add risk'),
      risk_title: 'Key engineer leaves',
      risk_likelihood: '6',
      risk_impact: '4',
      risk_reviewDate: '2026-04-30',
    });

    const rejected = asCard(answer.value);
    expect(errorUnder(rejected, 'risk_likelihood')).toContain('Likelihood must be a whole number from 1 to 5');
    expect(byId(rejected, 'risk_likelihood')?.value).toBe(6);
    expect(await h.store.risks.listForContract(REF)).toEqual([]);
  });

  it('lists the risks and posts the heat map as an inline PNG in the same chat', async () => {
    const form = replyCard((await say(`steward risk ${REF}`)).reply);
    const created = await click({
      ...button(form, 'Add risk'),
      risk_title: 'Key engineer leaves',
      risk_likelihood: '3',
      risk_impact: '4',
      risk_mitigation: 'Second engineer shadows the key one',
      risk_reviewDate: '2026-04-30',
    });
    expect(cardText(created.value)).toContain('likelihood 3 × impact 4 = 12');

    const before = h.connector.requests.length;
    await say(`steward risks ${REF}`);
    // The heat map is posted while the register is made, so it arrives first.
    const reply = await h.connector.waitFor(
      (r) =>
        h.connector.requests.indexOf(r) >= before &&
        r.kind === 'create' &&
        cardText(cardOf(r)).includes('Key engineer leaves') &&
        !cardText(cardOf(r)).includes('New risk'),
    );
    const activities = h.connector.requests.slice(before).filter((r) => r.kind === 'create');
    expect(cardText(cardOf(reply))).toContain('posted as an image in this chat');
    // The chart comes as an Adaptive Card Image, so its alt text travels with it.
    type CardImage = { type: string; url: string; altText: string };
    const imageOf = (r: (typeof activities)[number]) =>
      ((r.body.attachments ?? []) as Array<{ content?: { body?: CardImage[] } }>).find((a) =>
        a.content?.body?.some((element) => element.type === 'Image'),
      );
    const image = activities.find((r) => imageOf(r) !== undefined);
    expect(image?.conversationId).toBe(reply.conversationId);
    const attachment = image && imageOf(image);
    expect(cardText(attachment?.content)).toContain('Risk heat map of TEAMS-2026-101: 1 open risk.');
    const element = attachment?.content?.body?.find((candidate) => candidate.type === 'Image');
    expect(element?.altText).toContain('5 by 5 risk matrix');
    const prefix = 'data:image/png;base64,';
    expect(element?.url.startsWith(prefix)).toBe(true);
    const png = Buffer.from(element?.url.slice(prefix.length) ?? '', 'base64');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('updates a risk from the register: only what changed is saved, a bad rating is refused under its input', async () => {
    const before = h.connector.requests.length;
    await say(`steward risks ${REF}`);
    const register = await h.connector.waitFor(
      (r) =>
        h.connector.requests.indexOf(r) >= before &&
        r.kind === 'create' &&
        cardText(cardOf(r)).includes('Risks of TEAMS-2026-101'),
    );
    const form = asCard((await click(button(replyCard(register), 'Update'))).value);
    expect(cardText(form)).toContain('Updating “Key engineer leaves” on TEAMS-2026-101');
    const save = button(form, 'Save');
    const asShown = Object.fromEntries(
      nodes(form)
        .filter((node) => typeof node.id === 'string' && String(node.type).startsWith('Input.'))
        .map((node) => [node.id as string, String(node.value ?? '')]),
    );
    expect(asShown).toMatchObject({ risk_title: 'Key engineer leaves', risk_likelihood: '3', risk_status: 'open' });

    const unchanged = await click({ ...save, ...asShown });
    expect(unchanged.value).toBe('Nothing was changed, so nothing was saved.');

    const refused = asCard((await click({ ...save, ...asShown, risk_likelihood: '9' })).value);
    expect(errorUnder(refused, 'risk_likelihood')).toMatch(/1 to 5|between 1 and 5|at most 5/);

    const saved = await click({ ...save, ...asShown, risk_likelihood: '5', risk_status: 'mitigating' });
    expect(cardText(saved.value)).toContain('likelihood 5 × impact 4 = 20');
    expect(cardText(saved.value)).toContain('mitigating');
    const [risk] = await h.services.risks.list(TESS.actor, REF, { includeClosed: true });
    expect(risk).toMatchObject({ likelihood: 5, status: 'mitigating', title: 'Key engineer leaves' });
    const update = (await h.store.audit.list(REF)).filter((event) => event.action.startsWith('risk.')).at(-1);
    expect(Object.keys((update?.after ?? {}) as object).sort()).toEqual(
      expect.arrayContaining(['likelihood', 'status']),
    );
    expect(Object.keys((update?.after ?? {}) as object)).not.toContain('title');
  });

  it('refuses a guest the risk register at the surface and records the refusal', async () => {
    const { reply, created } = await say(`steward risks ${REF}`, GUEST);

    expect(reply.body.text).toContain('"steward risks" is for the contract team');
    expect(created).toHaveLength(1);
    const refusals = (await h.store.audit.list(REF)).filter((event) => event.action === 'access.refused');
    expect(refusals.at(-1)?.after).toMatchObject({ what: 'steward risks', external: true });
  });
});

describe('the portfolio picture', () => {
  it('posts it for a manager as an image with alt text in words, and refuses a guest from the vendor', async () => {
    const { reply, created } = await say('steward portfolio');

    // The picture is the answer, posted once: its card says what it shows, and nothing else follows.
    expect(cardText(cardOf(reply))).toMatch(/Portfolio — \d+ contracts?: each contract in its worst KPI's colour/);
    expect(created).toEqual([reply]);
    type CardImage = { type: string; url: string; altText: string };
    const image = (cardOf(reply)?.body as CardImage[] | undefined)?.find((element) => element.type === 'Image');
    expect(image?.altText).toMatch(
      /^Portfolio — \d+ contracts?: stacked bars of contracts by their worst KPI per month, \d{4}-\d{2} to \d{4}-\d{2}\./,
    );
    const png = Buffer.from(image?.url.replace('data:image/png;base64,', '') ?? '', 'base64');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    const refused = await say('steward portfolio', GUEST);
    expect(refused.reply.body.text).toContain('"steward portfolio" is for the contract team');
    expect(refused.created).toHaveLength(1);
  });
});

describe('service credits', () => {
  it('refuses a negative fee under its input and leaves the terms as they were', async () => {
    const form = replyCard((await say(`steward credits ${REF} terms`)).reply);
    expect(cardText(form)).toContain(`Service credit terms of ${REF}`);

    const answer = await click({
      ...button(form, 'Save terms'),
      credit_periodFee: '-5',
      credit_rules: 'availability 2 10',
    });

    const rejected = asCard(answer.value);
    expect(errorUnder(rejected, 'credit_periodFee')).toContain('Fee per period must be an amount of 0 or more');
    expect(byId(rejected, 'credit_rules')?.value).toBe('availability 2 10');
    const contract = await h.store.contracts.require(REF);
    expect(contract.periodFee).toBeUndefined();
    expect(contract.serviceCreditRules ?? []).toEqual([]);
  });

  it('names the line of a rule the service refused', async () => {
    const form = replyCard((await say(`steward credits ${REF} terms`)).reply);

    const answer = await click({
      ...button(form, 'Save terms'),
      credit_periodFee: '25000',
      credit_rules: '\navailability 2 10\nuptime 1 5',
    });

    expect(errorUnder(asCard(answer.value), 'credit_rules')).toContain('Line 3: TEAMS-2026-101 has no KPI uptime');
    expect((await h.store.contracts.require(REF)).serviceCreditRules ?? []).toEqual([]);
  });

  it('saves the terms, then makes the claim pack: a summary card and the CSV in the chat', async () => {
    const form = replyCard((await say(`steward credits ${REF} terms`)).reply);
    const saved = await click({
      ...button(form, 'Save terms'),
      credit_periodFee: '25000',
      credit_rules: 'availability 2 10',
    });
    expect(cardText(saved.value)).toContain('Saved the service credit terms of TEAMS-2026-101');
    await h.services.checkins.sendNow(owner, REF, 'availability');
    const [checkin] = await h.store.checkins.listForContract(REF, { kpiKey: 'availability' });
    await h.services.checkins.submitScore(vendor, checkin!.id, { value: '97' });

    const { reply, created } = await say(`steward credits ${REF} 2026-02`);

    expect(cardText(cardOf(reply))).toContain('Service credits of TEAMS-2026-101, February 2026');
    expect(cardText(cardOf(reply))).toMatch(/with the summary, each score and its evidence, is posted in this chat/);
    // The summary is read out once, by the posted claim pack, not again on the reply card.
    const posted = created.find((r) =>
      (r.body.attachments as Array<{ contentType: string }> | undefined)?.some((a) => a.contentType === 'text/csv'),
    );
    const summaryLine = String(posted?.body.text ?? '').split('\n')[0] ?? '';
    expect(summaryLine).not.toBe('');
    expect(cardText(cardOf(reply))).not.toContain(summaryLine);
    const csv = created
      .flatMap((r) => (r.body.attachments as Array<{ contentType: string; contentUrl: string }> | undefined) ?? [])
      .find((a) => a.contentType === 'text/csv');
    const content = Buffer.from(csv?.contentUrl.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(content.split('\n')[0]).toContain('contract_ref,period,line,kpi_key');
    expect(content).toContain('TEAMS-2026-101,2026-02,kpi,availability');
  });
});

describe('corrective actions and value', () => {
  it('shows the corrective actions with their next steps, and asks for a note to cancel', async () => {
    const [escalation] = await h.store.escalations.listActive({ contractRef: REF });
    expect(escalation).toBeDefined();
    await h.services.escalations.addCorrectiveAction(owner, escalation!.id, {
      action: 'Replace the core switch',
      owner: TESS.actor.person,
      dueDate: '2026-03-20',
    });
    const list = replyCard((await say(`steward actions ${REF}`)).reply);
    expect(cardText(list)).toContain('Replace the core switch');

    const refused = await click({ ...button(list, 'Cancel action') });
    expect(errorUnder(asCard(refused.value), 'ca0_note')).toContain('Note is required when cancelling.');
    const approved = await click({ ...button(list, 'Approve') });

    expect(cardText(approved.value)).toContain('✅ “Replace the core switch” is approved.');
    const [action] = await h.store.correctiveActions.listForContract(REF);
    expect(action?.status).toBe('approved');
  });

  it('records value on its form and shows the totals', async () => {
    const form = replyCard((await say(`steward value ${REF} record`)).reply);
    expect(byId(form, 'value_periodKey')?.value).toBe('2026-02');

    const done = await click({
      ...button(form, 'Record value'),
      value_periodKey: '2026-02',
      value_kind: 'savings',
      value_planned: '12500',
      value_realized: '11800',
      value_currency: 'eur',
    });
    const summary = replyCard((await say(`steward value ${REF}`)).reply);

    expect(cardText(done.value)).toContain('Recorded savings for February 2026');
    expect(cardText(summary)).toContain('realized 11,800.00 EUR of 12,500.00 EUR planned · 94%');
  });
});

describe('closeout, lessons and the audit trail', () => {
  it('records a lesson and shows it when a contract with the same vendor is created', async () => {
    const lesson = await say(`steward lesson ${REF} Ask for "named" engineers in the bid; turnover hurt us.`);
    expect(lesson.reply.body.text).toContain('Recorded your lesson on TEAMS-2026-101');
    const form = replyCard((await say('steward new')).reply);

    const done = await click({
      ...button(form, 'Create contract'),
      new_reference: 'TEAMS-2026-102',
      new_title: 'Campus network refresh',
      new_vendorName: 'Acme Networks',
      new_value: '300000',
      new_currency: 'EUR',
      new_startDate: '2026-04-01',
      new_endDate: '2027-03-31',
    });

    const text = cardText(done.value);
    expect(text).toContain('Created TEAMS-2026-102');
    expect(text).toContain('Lessons learned from earlier contracts (1)');
    expect(text).toContain('Ask for "named" engineers in the bid; turnover hurt us.');
  });

  it('names the event a tampered audit trail breaks at', async () => {
    expect(cardText(cardOf((await say('steward audit verify TEAMS-2026-102')).reply))).toContain('holds');
    // Past the repository and the model's guards, straight into the collection.
    await database
      .connection()
      .collection('audit_events')
      .updateOne({ contractRef: 'TEAMS-2026-102', seq: 1 }, { $set: { after: { title: 'Edited' } } });

    const { reply } = await say('steward audit verify TEAMS-2026-102');

    expect(cardText(cardOf(reply))).toContain(
      'The audit trail of TEAMS-2026-102 is broken at event 1: event 1 was altered after it was written.',
    );
  });

  it('posts the charts as one card and exports and the audit trail as files in the chat, and says nothing more', async () => {
    const attachments = (r: ConnectorRequest) =>
      (r.body.attachments as Array<{ contentType: string; content?: unknown }> | undefined) ?? [];
    const sent = async (text: string, arrived: (r: ConnectorRequest) => boolean) => {
      const before = h.connector.requests.length;
      expect(
        (await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, text, { from: TESS.account }))).status,
      ).toBe(200);
      const found = await h.connector.waitFor(
        (r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create' && arrived(r),
      );
      return { found, after: () => h.connector.requests.slice(before).filter((r) => r.kind === 'create') };
    };

    const charts = await sent(`steward charts ${REF}`, (r) => cardText(cardOf(r)).includes('charts of'));
    const images = nodes(asCard(cardOf(charts.found))).filter((node) => node.type === 'Image');
    expect(cardText(cardOf(charts.found))).toContain('2 charts of TEAMS-2026-101');
    expect(images.map((image) => image.altText)).toHaveLength(2);
    const exported = await sent(`steward export scores csv ${REF}`, (r) =>
      attachments(r).some((a) => a.contentType === 'text/csv'),
    );
    const audit = await sent(`steward audit export ${REF} json`, (r) =>
      attachments(r).some((a) => a.contentType === 'application/json'),
    );
    expect(audit.found.body.text).toMatch(/the hash chain of all \d+ events checks out/);
    // Each answer is its file, posted once: no second message saying it was posted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const order = (r: ConnectorRequest) => h.connector.requests.indexOf(r);
    expect(charts.after().filter((r) => order(r) < order(exported.found))).toEqual([charts.found]);
    expect(audit.after()).toEqual([audit.found]);
  });

  it('shows the final evaluation of the term', async () => {
    const { reply } = await say(`steward closeout ${REF}`);

    const text = cardText(cardOf(reply));
    expect(text).toContain(`Closeout of ${REF}`);
    expect(text).toContain('Recommendation:');
    expect(text).toContain('🔴 Do not renew');
    expect(text).toContain('1 period scored · red in 100%');
  });
});

describe('kickoff and the end of the term', () => {
  const SHARED = '19:acme-shared@thread.tacv2';
  const inShared = {
    conversation: { id: SHARED, conversationType: 'channel', tenantId: 'vendor-tenant', isGroup: true },
    channelData: { tenant: { id: 'vendor-tenant' }, channel: { id: SHARED, type: 'shared' } },
  };

  it('shows the vendor the kickoff with an Acknowledge button in the shared channel, and records the acknowledgment', async () => {
    await h.services.contracts.changeStatus(owner, REF, 'active');
    await h.services.contracts.linkChannel(owner, REF, {
      surface: 'teams',
      channelId: SHARED,
      purpose: 'vendor',
      serviceUrl: h.connector.serviceUrl,
    });
    const internal = replyCard((await say(`steward kickoff ${REF}`)).reply);
    expect(cardText(internal)).toContain('Waiting for Acme Networks to acknowledge the kickoff.');
    expect(nodes(internal).some((node) => node.title === 'Acknowledge kickoff')).toBe(false);

    const before = h.connector.requests.length;
    await postActivity(
      h.endpoint,
      messageActivity(h.connector.serviceUrl, `steward kickoff ${REF}`, { from: GUEST, ...inShared }),
    );
    const shown = await h.connector.waitFor(
      (r) => h.connector.requests.indexOf(r) >= before && r.conversationId === SHARED && cardOf(r) !== undefined,
    );
    const card = replyCard(shown);
    expect(cardText(card)).toContain('The KPIs you are measured on (1)');
    const answer = await postActivity(
      h.endpoint,
      cardActionInvoke(h.connector.serviceUrl, button(card, 'Acknowledge kickoff'), { from: GUEST, ...inShared }),
    );

    expect(cardText((answer.body as { value: unknown }).value)).toContain(
      'the kickoff of TEAMS-2026-101 is acknowledged',
    );
    expect((await h.store.contracts.require(REF)).kickoff?.acknowledgedBy).toMatchObject({
      teamsUserId: GUEST.aadObjectId,
    });
  });

  it('refuses a renewal without a date with the usage, then renews and writes the new end date', async () => {
    const usage = await say(`steward close ${REF} renewed two more years`);
    expect(cardText(cardOf(usage.reply))).toContain('Give the new end date after "renewed"');
    expect((await h.store.contracts.require(REF)).endDate).toBe('2027-12-31');

    const { reply } = await say(`steward close ${REF} renewed 2029-12-31 Two more years at the same rates.`);

    expect(reply.body.text).toContain('TEAMS-2026-101 is renewed until 2029-12-31');
    expect(await h.store.contracts.require(REF)).toMatchObject({ endDate: '2029-12-31', status: 'active' });
  });
});

describe('import', () => {
  const HEADER =
    'contract_ref,title,vendor,value,currency,start_date,end_date,timezone,category,owner_email,owner_slack_id,kpi_key,kpi_name,unit,kind,direction,baseline,target,warning,breach,weight,cadence,respondent,evidence_required,vendor_visible';
  const GOOD =
    'IMP-2026-001,Office cleaning,Clean Co,120000,EUR,2026-04-01,2027-03-31,Europe/Berlin,Facilities,,U0OWNER,availability,Availability,%,percent,higher-is-better,98,99.5,99,98,1,monthly,vendor,no,yes';
  const BAD = GOOD.replace('availability,Availability', 'complaints,Complaints').replace(',percent,', ',amount,');

  it('dry-runs a file with a bad line: the problem by line and column under the CSV, nothing written', async () => {
    const form = replyCard((await say('steward import')).reply);
    const csv = [HEADER, GOOD, BAD].join('\n');

    const answer = await click({ ...button(form, 'Run'), import_csv: csv, import_dryRun: 'true' });

    const checked = asCard(answer.value);
    expect(cardText(checked)).toContain('1 problem in the file');
    expect(errorUnder(checked, 'import_csv')).toContain('Line 3, kind:');
    expect(byId(checked, 'import_csv')?.value).toBe(csv);
    expect(await h.store.contracts.get('IMP-2026-001')).toBeNull();
  });

  it('imports nothing when a row is bad, and everything once the file is fixed', async () => {
    const form = replyCard((await say('steward import')).reply);

    const refused = await click({
      ...button(form, 'Run'),
      import_csv: [HEADER, GOOD, BAD].join('\n'),
      import_dryRun: 'false',
    });
    expect(errorUnder(asCard(refused.value), 'import_csv')).toContain('Line 3, kind:');
    expect(await h.store.contracts.get('IMP-2026-001')).toBeNull();

    const imported = await click({
      ...button(form, 'Run'),
      import_csv: [HEADER, GOOD].join('\n'),
      import_dryRun: 'false',
    });
    expect(cardText(imported.value)).toContain('Imported 1 contract as drafts.');
    expect(await h.store.contracts.get('IMP-2026-001')).toMatchObject({ status: 'draft', title: 'Office cleaning' });
  });

  it('asks whether 1.250 is 1.25 or 1250 above the Decimal mark choice, and checks and imports with the answer', async () => {
    const form = replyCard((await say('steward import')).reply);
    // Nothing else in the file settles it: every other number is whole.
    const csv = [
      HEADER,
      GOOD.replace('IMP-2026-001', 'IMP-2026-050').replace(',120000,', ',"1,250",').replace('99.5', '99'),
    ].join('\n');

    const asked = asCard((await click({ ...button(form, 'Run'), import_csv: csv, import_dryRun: 'true' })).value);
    const seen = cardText(asked);
    expect(seen).toContain('Steward needs to know how this file writes its numbers before it checks the rest.');
    expect(seen).toContain(
      'Which decimal mark does this file use? "1,250" on line 2 (value) is 1250 with a decimal point, or 1.25 with a decimal comma. Choose it below and press Run again.',
    );
    expect(byId(asked, 'import_csv')?.value).toBe(csv);
    // Asked once, above the choice; not again as a problem under the CSV.
    expect(errorUnder(asked, 'import_csv')).toBeUndefined();
    // The same file imported straight away is not: the question stays open.
    const refused = asCard((await click({ ...button(form, 'Run'), import_csv: csv, import_dryRun: 'false' })).value);
    expect(cardText(refused)).toContain('Which decimal mark does this file use?');
    expect(await h.store.contracts.get('IMP-2026-050')).toBeNull();

    // The person picks the choice by its words and presses Run again.
    const marks = byId(asked, 'import_decimalMark') as unknown as {
      label: string;
      choices: Array<{ title: string; value: string }>;
    };
    expect(marks.label).toBe('Decimal mark (optional)');
    const point = marks.choices.find((choice) => choice.title === 'Decimal point: 1,250.5 or 1250.5');
    const checked = asCard(
      (
        await click({
          ...button(asked, 'Run'),
          import_csv: csv,
          import_dryRun: 'true',
          import_decimalMark: point?.value,
        })
      ).value,
    );
    expect(cardText(checked)).toContain('The file is good: 1 contract');
    expect(cardText(checked)).toContain('Read as CSV, comma-separated');
    expect(byId(checked, 'import_decimalMark')?.value).toBe('point');
    const imported = await click({
      ...button(checked, 'Run'),
      import_csv: csv,
      import_dryRun: 'false',
      import_decimalMark: 'point',
    });
    expect(cardText(imported.value)).toContain('Imported 1 contract as drafts.');
    expect(await h.store.contracts.get('IMP-2026-050')).toMatchObject({ value: { amount: 1250 } });
  });

  it('says how to send a file, and answers Run with nothing pasted by saying what to give', async () => {
    const form = replyCard((await say('steward import')).reply);
    expect(cardText(form)).toContain('Or a file: send the .csv or .xlsx file to Steward in your chat with it');

    // A client that skips the card's own required check sends the form empty.
    const empty = asCard((await click({ ...button(form, 'Run'), import_dryRun: 'true' })).value);
    expect(errorUnder(empty, 'import_csv')).toContain(
      'Paste the CSV, header row first, or give Steward the .csv or .xlsx file.',
    );
  });
});
