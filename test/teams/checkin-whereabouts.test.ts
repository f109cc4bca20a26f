import { useTestDatabase } from '../support/database';
import { vendor } from '../support/service-harness';
import { messageActivity, postActivity } from '../support/teams-activities';
import type { ConnectorRequest } from '../support/teams-connector';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * `steward checkin REF` when the prompts are already out: instead of "nothing to send", each check-in says who it
 * waits for and where its prompt is, or how it ended, with times in the person's own time zone when the Teams
 * client names it.
 */
const database = useTestDatabase();
const REF = 'WHERE-2026-001';
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), REF);
});

afterAll(async () => {
  await h?.close();
});

async function say(text: string, entities: unknown[] = []): Promise<string> {
  const before = h.connector.requests.length;
  const activity = { ...messageActivity(h.connector.serviceUrl, text, { from: TESS.account }), entities };
  expect((await postActivity(h.endpoint, activity)).status).toBe(200);
  const reply = await h.connector.waitFor(
    (r: ConnectorRequest) => h.connector.requests.indexOf(r) >= before && r.kind === 'create' && !r.body.attachments,
  );
  return String(reply.body.text);
}

describe('steward checkin on prompts already sent', () => {
  it('says who each prompt waits for and where it is, then that it was answered', async () => {
    expect(await say(`steward checkin ${REF}`)).toBe(`Sent 1 check-in for ${REF}.`);

    const waiting = await say(`steward checkin ${REF}`, [{ type: 'clientInfo', timezone: 'Europe/Berlin' }]);
    expect(waiting).toBe(
      `Nothing new to send for ${REF}.\n• Availability, February 2026: waiting for Victor since 2026-03-02 09:00. Its prompt is in Slack.`,
    );

    const [checkin] = await h.store.checkins.listForContract(REF, { kpiKey: 'availability' });
    await h.services.checkins.submitScore(vendor, checkin!.id, { value: '99.7' });
    expect(await say(`steward checkin ${REF} availability`)).toBe(
      `Nothing new to send for ${REF} (availability).\n• Availability, February 2026: answered 2026-03-02 08:00 UTC.`,
    );
  });
});
