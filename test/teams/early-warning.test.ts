import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { useTestDatabase } from '../support/database';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { type ConnectorRequest, cardOf, cardText } from '../support/teams-connector';
import { nodes } from './cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * Early warnings through Teams, end to end: Tess types `steward checkin` month after month and answers each
 * check-in card with "Submit score"; the warning reaches the contract's internal Teams channel before the
 * breach, the vendor's shared channel only for the vendor-visible KPI, never for a flat KPI, once, and not
 * after `steward warnings … off`.
 */
const database = useTestDatabase();
const REF = 'TWARN-2026-015';
const INTERNAL = '19:warn-internal@thread.tacv2';
const SHARED = '19:warn-shared@thread.tacv2';
const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
const DECLINING = [99.9, 99.8, 99.7, 99.5, 99.3, 99.1, 98.7];
const SERIES: Record<string, { name: string; values: number[]; vendorVisible: boolean }> = {
  availability: { name: 'Availability', values: DECLINING, vendorVisible: true },
  'ops-uptime': { name: 'Ops uptime', values: DECLINING, vendorVisible: false },
  'flat-uptime': { name: 'Flat uptime', values: DECLINING.map(() => 99.4), vendorVisible: true },
  'muted-uptime': { name: 'Muted uptime', values: DECLINING, vendorVisible: true },
};
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), 'TWARN-2026-000');
  await h.services.contracts.create(TESS.actor, {
    reference: REF,
    title: 'Managed hosting',
    vendorName: 'Initech Hosting',
    value: '500000',
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    timezone: 'Europe/Berlin',
  });
  for (const [key, { name, vendorVisible }] of Object.entries(SERIES)) {
    await h.services.contracts.upsertKpi(TESS.actor, REF, {
      key,
      name,
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
      evidenceRequired: false,
      vendorVisible,
    });
  }
  const serviceUrl = h.connector.serviceUrl;
  await h.services.contracts.linkChannel(TESS.actor, REF, {
    surface: 'teams',
    channelId: INTERNAL,
    purpose: 'internal',
    serviceUrl,
  });
  await h.services.contracts.linkChannel(TESS.actor, REF, {
    surface: 'teams',
    channelId: SHARED,
    purpose: 'vendor',
    serviceUrl,
  });
});

afterAll(async () => {
  await h?.close();
});

async function say(text: string): Promise<string> {
  const before = h.connector.requests.length;
  const response = await postActivity(
    h.endpoint,
    messageActivity(h.connector.serviceUrl, text, { from: TESS.account }),
  );
  expect(response.status).toBe(200);
  const reply = await h.connector.waitFor(
    (r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create' && !r.conversationId?.startsWith('19:'),
  );
  return cardOf(reply) ? cardText(cardOf(reply)) : String(reply.body.text ?? '');
}

const button = (card: AdaptiveCard, title: string) => {
  const found = nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
    | { data: Record<string, unknown> }
    | undefined;
  if (!found) throw new Error(`no "${title}" button in ${cardText(card)}`);
  return found.data;
};

const postedIn = (conversation: string): ConnectorRequest[] =>
  h.connector.requests.filter((r) => r.kind === 'create' && r.conversationId?.startsWith(conversation));
const warningsIn = (conversation: string) =>
  postedIn(conversation)
    .map((r) => JSON.stringify(r.body))
    .filter((text) => text.includes('trending to breach'));

async function followUpsSettled(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await h.store.scores.pendingFollowUps(new Date(8.64e15))).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('score follow-ups did not finish');
}

/** Tess sends the KPI's check-in and presses "Submit score" on the card Steward posted in the internal channel. */
async function scoreMonth(kpiKey: string, month: number): Promise<void> {
  const before = h.connector.requests.length;
  await say(`steward checkin ${REF} ${kpiKey}`);
  const prompt = await h.connector.waitFor(
    (r) =>
      h.connector.requests.indexOf(r) >= before &&
      r.kind === 'create' &&
      r.conversationId?.startsWith(INTERNAL) === true &&
      cardText(cardOf(r) ?? {}).includes(SERIES[kpiKey]!.name) &&
      cardText(cardOf(r) ?? {}).includes('Submit score'),
  );
  const card = cardOf(prompt) as unknown as AdaptiveCard;
  const response = await postActivity(
    h.endpoint,
    cardActionInvoke(
      h.connector.serviceUrl,
      { ...button(card, 'Submit score'), s0_value: String(SERIES[kpiKey]!.values[month]) },
      { from: TESS.account },
    ),
  );
  expect(response.status).toBe(200);
  expect(cardText((response.body as { value: unknown }).value)).toContain('Answered');
}

async function scoreAllFor(month: number): Promise<void> {
  h.clock.set(`${MONTHS[month + 1] ?? '2026-10'}-03T08:00:00Z`);
  for (const key of Object.keys(SERIES)) await scoreMonth(key, month);
  await followUpsSettled();
}

describe('early warnings in Teams', () => {
  it('turns one KPI off from a typed command, and explains a malformed one', async () => {
    expect(await say(`steward warnings ${REF} muted-uptime sometimes`)).toContain('neither');
    expect(await say(`steward warnings ${REF} muted-uptime off`)).toContain(
      `Early warnings for Muted uptime on ${REF} are off`,
    );
  });

  it('warns in the internal channel before the breach, the vendor only for the vendor-visible KPI, never for a flat one', async () => {
    for (let month = 0; month <= 4; month++) await scoreAllFor(month);
    expect(warningsIn(INTERNAL)).toEqual([]);

    await scoreAllFor(5);
    const internal = warningsIn(INTERNAL);
    expect(internal).toHaveLength(2);
    expect(internal.join('\n')).toMatch(
      /Availability is trending to breach: 99\.1% → forecast 98\.\d+% next month \(breach 99%\)/,
    );
    expect(internal.join('\n')).toContain('Ops uptime is trending to breach');
    const shared = warningsIn(SHARED);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toContain('Availability is trending to breach');
    expect([...internal, ...shared].join('\n')).not.toMatch(/Flat uptime|Muted uptime/);
    expect((await h.store.scores.find(REF, 'availability', '2026-08'))?.rag).toBe('amber');

    // The breach month: escalations take over, and no warning is repeated.
    await scoreAllFor(6);
    expect(warningsIn(INTERNAL)).toHaveLength(2);
    expect((await h.store.scores.find(REF, 'availability', '2026-09'))?.rag).toBe('red');
  }, 180_000);

  it('shows the forecast and its interval beside the trend on the scorecard card', async () => {
    const scorecard = await say(`steward scorecard ${REF}`);
    expect(scorecard).toMatch(/forecast [\d.]+% next month \(80% between [\d.]+% and [\d.]+%\)/);
  });
});
