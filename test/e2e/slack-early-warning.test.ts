import { actorOf, cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Early warnings through Slack, end to end: the owner enters monthly scores with /steward checkin and the
 * score modal, month after month; when a KPI's forecast crosses its breach threshold while it is still green
 * or amber, its owner is told in the internal channel before the breach, and the vendor in the shared
 * channel only when the KPI is vendor-visible. A flat KPI is never warned about, a warning is not repeated,
 * and a manager's `warnings … off` silences one KPI.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0VENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0EWINTERNAL';
const SHARED = 'C0EWSHARED';
const REF = 'WARN-2026-015';

/** Month by month, January to July 2026: the declining KPIs breach (98.7 < 99) in July. */
const DECLINING = [99.9, 99.8, 99.7, 99.5, 99.3, 99.1, 98.7];
const FLAT = [99.4, 99.4, 99.4, 99.4, 99.4, 99.4, 99.4];
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'];
/** The KPIs, each with its series. */
const SERIES: Record<string, number[]> = {
  availability: DECLINING,
  'internal-uptime': DECLINING,
  'flat-uptime': FLAT,
  'muted-uptime': DECLINING,
};

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;
let modalsOpened = 0;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'vera', real_name: 'Vera Vendor' }],
    channels: [
      { id: INTERNAL, name: 'warn-internal', members: [OWNER.id, TEST_WORKSPACE.botUserId] },
      {
        id: SHARED,
        name: 'warn-partner',
        is_ext_shared: true,
        members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
      },
    ],
  });
  // 2 February 2026: January's check-ins are due.
  steward = await startStewardWithSlack({ standin, start: '2026-02-02T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  const { contracts } = steward.app.services;
  await contracts.create(owner, {
    reference: REF,
    title: 'Managed hosting',
    vendorName: 'Initech Hosting',
    value: 500_000,
    currency: 'EUR',
    startDate: '2025-12-01',
    endDate: '2027-12-31',
    vendorContacts: [{ slackUserId: VENDOR.id }],
    status: 'draft',
  });
  const kpi = {
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 99.5,
    target: 99.9,
    warningThreshold: 99.5,
    breachThreshold: 99,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
  };
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'availability', name: 'Availability', vendorVisible: true });
  await contracts.upsertKpi(owner, REF, {
    ...kpi,
    key: 'internal-uptime',
    name: 'Internal uptime',
    vendorVisible: false,
  });
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'flat-uptime', name: 'Flat uptime', vendorVisible: true });
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'muted-uptime', name: 'Muted uptime', vendorVisible: true });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

const warningsIn = (channel: string) =>
  standin
    .messagesIn(channel)
    .map((message) => JSON.stringify(message))
    .filter((text) => text.includes('trending to breach'));

/** Waits until every score's follow-ups (prompt redrawn, escalation, forecast) have run. */
async function followUpsSettled(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const pending = await steward.app.store.scores.pendingFollowUps(new Date(8.64e15));
    if (pending.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('score follow-ups did not finish');
}

/** The owner sends a KPI's check-in for the month just ended and answers it in the score modal, as in Slack. */
async function scoreMonth(kpiKey: string, monthIndex: number): Promise<void> {
  const answer = await slack.command(`checkin ${REF} ${kpiKey}`, OWNER);
  expect(answer).toMatch(/Sent 1 check-in|already/);
  const checkin = (await steward.app.store.checkins.listForContract(REF)).find(
    (each) => each.kpiKey === kpiKey && each.periodKey === MONTHS[monthIndex],
  );
  expect(checkin).toBeDefined();
  await slack.click('checkin_open_score', checkin!.id, OWNER);
  modalsOpened += 1;
  const view = await slack.openedModal('checkin_submit_score', modalsOpened);
  const response = await slack.submit(view, { value: String(SERIES[kpiKey]![monthIndex]) }, OWNER);
  expect((response.body as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
}

async function scoreAllFor(monthIndex: number): Promise<void> {
  steward.clock.set(`${MONTHS[monthIndex + 1] ?? '2026-08'}-03T08:00:00Z`);
  for (const key of Object.keys(SERIES)) await scoreMonth(key, monthIndex);
  await followUpsSettled();
}

describe('early warnings in Slack', () => {
  it('refuses a malformed switch with the usage, and lets the owner turn one KPI’s warnings off', async () => {
    expect(await slack.command(`warnings ${REF} muted-uptime maybe`, OWNER)).toContain('neither `on` nor `off`');
    expect(await slack.command(`warnings ${REF}`, OWNER)).toContain('Say which KPI');
    expect(await slack.command(`warnings ${REF} nosuch off`, OWNER)).toContain('has no KPI `nosuch`');
    const vendorTried = await slack.command(`warnings ${REF} availability off`, VENDOR, SHARED);
    expect(vendorTried).toMatch(/contract team/);
    expect(vendorTried).not.toContain('are off');
    const off = await slack.command(`warnings ${REF} muted-uptime off`, OWNER);
    expect(off).toContain('Early warnings for *Muted uptime*');
    expect(off).toContain('are off');
    const audit = await steward.app.store.audit.list(REF);
    expect(audit.filter((event) => event.action === 'forecast.settings-changed')).toHaveLength(1);
  });

  it('says nothing while the scores are steady, and warns before the breach once the forecast crosses the line', async () => {
    // January to May: too few scores, then a decline whose forecast stays above 99 %.
    for (let month = 0; month <= 4; month++) await scoreAllFor(month);
    expect(warningsIn(INTERNAL)).toEqual([]);
    expect(warningsIn(SHARED)).toEqual([]);

    // June: 99.1 %, still amber; the forecast for July is below 99 %.
    await scoreAllFor(5);
    const internal = warningsIn(INTERNAL);
    expect(internal).toHaveLength(2);
    const availability = internal.find((text) => text.includes('Availability is trending to breach'))!;
    expect(availability).toMatch(
      /Availability is trending to breach: 99\.1% → forecast 98\.\d+% next month \(breach 99%\)/,
    );
    expect(availability).toContain(`<@${OWNER.id}>`);
    expect(internal.some((text) => text.includes('Internal uptime is trending to breach'))).toBe(true);
    // The vendor sees the vendor-visible KPI only, in the shared channel.
    const shared = warningsIn(SHARED);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toContain('Availability is trending to breach');
    // Neither the flat KPI nor the one switched off.
    expect([...internal, ...shared].some((text) => /Flat uptime|Muted uptime/.test(text))).toBe(false);
    // The breach itself had not happened yet: the warning came first.
    const june = await steward.app.store.scores.find(REF, 'availability', '2026-06');
    expect(june?.rag).toBe('amber');
    // 24 scores through the modal: about 25 s alone, longer on a loaded machine.
  }, 180_000);

  it('does not warn twice for the same period, even when the score follow-up runs again', async () => {
    const contract = await steward.app.store.contracts.require(REF);
    const kpi = (await steward.app.store.kpis.get(REF, 'availability'))!;
    const again = await steward.app.services.forecasts.afterScore(contract, kpi, '2026-06');
    expect(again).toBeNull();
    expect(warningsIn(INTERNAL)).toHaveLength(2);
    expect((await steward.app.store.forecastWarnings.listForContract(REF)).map((w) => w.kpiKey).sort()).toEqual([
      'availability',
      'internal-uptime',
    ]);
  });

  it('shows the forecast and its interval beside the trend on the scorecard', async () => {
    const card = await slack.command(`scorecard ${REF}`, OWNER);
    expect(card).toMatch(/forecast 98\.\d+% next month \(80% between [\d.]+% and [\d.]+%\)/);
  });

  it('does not warn again when the breach arrives: the escalation takes over', async () => {
    await scoreAllFor(6);
    expect(warningsIn(INTERNAL)).toHaveLength(2);
    expect((await steward.app.store.scores.find(REF, 'availability', '2026-07'))?.rag).toBe('red');
  }, 60_000);
});
