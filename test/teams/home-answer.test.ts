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
