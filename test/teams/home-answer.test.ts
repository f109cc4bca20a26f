import type { AdaptiveCard } from '../../src/teams/cards/adaptive-card';
import { useTestDatabase } from '../support/database';
import { cardActionInvoke, messageActivity, postActivity } from '../support/teams-activities';
import { cardOf, cardText } from '../support/teams-connector';
import { nodes } from './cards/card-assertions';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * The home card is a dashboard to act from: a waiting check-in opens right there as its card ("Answer"), is
 * answered like the prompt Steward posted, and "‹ Back to home" shows home again without it.
 */
const database = useTestDatabase();
const REF = 'HOME-2026-001';
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), 'HOME-2026-000');
  await h.services.contracts.create(TESS.actor, {
    reference: REF,
    title: 'Catering',
    vendorName: 'Globex Food',
    value: '250000',
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    timezone: 'Europe/Berlin',
  });
  await h.services.contracts.upsertKpi(TESS.actor, REF, {
    key: 'meals',
    name: 'Meals served on time',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 90,
    target: 98,
    warningThreshold: 95,
    breachThreshold: 92,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    evidenceRequired: false,
    vendorVisible: true,
  });
  await h.services.checkins.sendNow(TESS.actor, REF, 'meals');
});

afterAll(async () => {
  await h?.close();
});

const action = (card: AdaptiveCard, title: string) => {
  const found = nodes(card).find((node) => node.type === 'Action.Execute' && node.title === title) as
    | { data: Record<string, unknown> }
    | undefined;
  if (!found) throw new Error(`no "${title}" button in ${cardText(card)}`);
  return found.data;
};

async function click(data: Record<string, unknown>): Promise<AdaptiveCard> {
  const response = await postActivity(
    h.endpoint,
    cardActionInvoke(h.connector.serviceUrl, data, { from: TESS.account }),
  );
  expect(response.status).toBe(200);
  return (response.body as { value: unknown }).value as AdaptiveCard;
}

describe('times as the viewer reads them', () => {
  const inZone = (timezone: string) => ({
    from: TESS.account,
    entities: [{ type: 'clientInfo', locale: 'en-US', timezone }],
  });

  it("shows due times in the zone the person's Teams client reports, and in UTC when it reports none", async () => {
    const dueAt = (await h.store.checkins.listForContract(REF, { kpiKey: 'meals' }))[0]!.dueAt;
    const homeIn = async (overrides: Record<string, unknown>) => {
      const before = h.connector.requests.length;
      await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward home', overrides));
      const reply = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
      return cardText(cardOf(reply));
    };
    const newYork = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(dueAt);
    expect(await homeIn(inZone('America/New_York'))).toMatch(new RegExp(`due \\d+ \\w+ \\d{4}, ${newYork} E[SD]T`));
    expect(await homeIn({ from: TESS.account })).toMatch(/due \d+ \w+ \d{4}, \d{2}:\d{2} UTC/);
    // A zone that is not one is ignored rather than trusted.
    expect(await homeIn(inZone('Mars/Olympus_Mons'))).toMatch(/ UTC/);
  });

  it('remembers the zone for cards posted to the person later', async () => {
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward help', inZone('Asia/Tokyo')));
    const [checkin] = await h.store.checkins.listForContract(REF, { kpiKey: 'meals' });
    const form = await h.services.checkins.openScoreForm(TESS.actor, checkin!.id);
    const before = h.connector.requests.length;
    // As the scheduler's dispatch posts a prompt to Tess.
    await h.teams.surface.postCheckinPrompt(
      { surface: 'teams', channelId: 'a:personal-tess', serviceUrl: h.connector.serviceUrl, purpose: 'direct' },
      {
        items: [{ ...form, dueAt: new Date('2026-03-02T09:00:00Z'), state: { status: 'open' } }],
        addressees: [TESS.actor.person],
      },
      { promptKey: 'zone-test' },
    );
    const prompt = await h.connector.waitFor(
      (r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create' && cardText(cardOf(r)).includes('Due'),
    );
    expect(cardText(cardOf(prompt))).toContain('2 Mar 2026, 18:00 GMT+9');
  });
});

describe('answering from the home card', () => {
  it('opens the waiting check-in, takes the score, and goes back to a home without it', async () => {
    const before = h.connector.requests.length;
    await postActivity(h.endpoint, messageActivity(h.connector.serviceUrl, 'steward home', { from: TESS.account }));
    const reply = await h.connector.waitFor((r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create');
    const home = cardOf(reply) as unknown as AdaptiveCard;
    expect(cardText(home)).toContain('Check-ins waiting for you (1)');
    expect(cardText(home)).toContain('HOME-2026-001 · Meals served on time');

    const opened = await click(action(home, 'Answer'));
    expect(cardText(opened)).toContain('Meals served on time');
    const submit = action(opened, 'Submit score');
    expect(action(opened, '‹ Back to home')).toBeDefined();

    const answered = await click({ ...submit, s0_value: '91' });
    expect(cardText(answered)).toContain('Answered');
    expect(cardText(answered)).toContain('🔴 Red');

    const back = await click(action(opened, '‹ Back to home'));
    expect(cardText(back)).toContain('Check-ins waiting for you (0)');
  });
});
