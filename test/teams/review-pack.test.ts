import { pdfPageCount } from '../../src/reports/review-pack-pdf';
import { useTestDatabase } from '../support/database';
import { messageActivity, postActivity } from '../support/teams-activities';
import { type ConnectorRequest, cardOf, cardText } from '../support/teams-connector';
import { type RealTeamsHarness, startRealTeamsHarness, TESS } from './real-services-harness';

/**
 * The quarterly review pack through Teams: the scheduler's job posts it in the contract's internal Teams channel
 * with the PDF attached and the vendor version in the shared channel, once; Tess types `steward decision`, and
 * the next quarter's pack reports on it.
 */
const database = useTestDatabase();
const REF = 'TPACK-2026-015';
const INTERNAL = '19:pack-internal@thread.tacv2';
const SHARED = '19:pack-shared@thread.tacv2';
let h: RealTeamsHarness;

beforeAll(async () => {
  h = await startRealTeamsHarness(database.connection(), 'TPACK-2026-000');
  h.clock.set('2026-01-05T08:00:00Z');
  await h.services.contracts.create(TESS.actor, {
    reference: REF,
    title: 'Facilities',
    vendorName: 'Globex Facilities',
    value: '300000',
    currency: 'EUR',
    startDate: '2025-10-01',
    endDate: '2027-12-31',
    timezone: 'Europe/Berlin',
    status: 'active',
  });
  for (const [key, name, vendorVisible] of [
    ['satisfaction', 'Occupant satisfaction', true],
    ['budget-share', 'Internal budget share', false],
  ] as const) {
    await h.services.contracts.upsertKpi(TESS.actor, REF, {
      key,
      name,
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: 80,
      target: 95,
      warningThreshold: 90,
      breachThreshold: 85,
      weight: 1,
      cadence: { type: 'monthly' },
      respondent: 'owner',
      evidenceRequired: false,
      vendorVisible,
    });
    for (const [month, value] of [
      ['2026-01', 94],
      ['2026-02', 92],
      ['2026-03', 91],
    ] as const) {
      await h.store.scores.record({
        contractRef: REF,
        kpiKey: key,
        periodKey: month,
        periodStart: new Date(`${month}-01T00:00:00Z`),
        periodEnd: new Date(`${month}-28T00:00:00Z`),
        value,
        rag: 'green',
        kpiVersion: 1,
        answeredBy: TESS.actor.person,
        surface: 'teams',
      });
    }
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

const packsIn = (conversation: string): ConnectorRequest[] =>
  h.connector.requests.filter(
    (r) =>
      r.kind === 'create' &&
      r.conversationId?.startsWith(conversation) &&
      String(r.body.text ?? '').includes('review pack'),
  );

function pdfOf(request: ConnectorRequest): Buffer {
  const attachment = (
    request.body.attachments as Array<{ contentType: string; contentUrl?: string; name?: string }>
  )[0]!;
  expect(attachment.name).toMatch(/\.pdf$/);
  return Buffer.from(attachment.contentUrl!.replace(/^data:application\/pdf;base64,/, ''), 'base64');
}

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

describe('the quarterly review pack in Teams', () => {
  it('posts the pack once with its PDF, the vendor version in the shared channel', async () => {
    h.clock.set('2026-04-07T07:05:00Z');
    await h.services.reviewPacks.runScheduled(h.clock());
    await h.services.reviewPacks.runScheduled(new Date('2026-04-08T09:00:00Z'));
    const internal = packsIn(INTERNAL);
    const shared = packsIn(SHARED);
    expect(internal).toHaveLength(1);
    expect(shared).toHaveLength(1);
    expect(String(internal[0]!.body.text)).toContain('Internal budget share');
    expect(String(shared[0]!.body.text)).not.toContain('Internal budget share');
    expect(String(shared[0]!.body.text)).toContain('Occupant satisfaction');
    for (const request of [internal[0]!, shared[0]!]) {
      const pdf = pdfOf(request);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
    }
  });

  it('records a typed decision and shows it in the next pack', async () => {
    expect(await say(`steward decision ${REF} 2026-06-30 me Survey the third floor again`)).toContain(
      `Recorded for the 2026-Q1 review of ${REF}: Survey the third floor again · owner Tess Teams · due 2026-06-30`,
    );
    h.clock.set('2026-07-07T07:05:00Z');
    await h.services.reviewPacks.runScheduled(h.clock());
    const q2 = packsIn(INTERNAL).filter((r) => String(r.body.text).includes('Q2 2026'));
    expect(q2).toHaveLength(1);
    expect(String(q2[0]!.body.text)).toContain('2026-Q1 review: Survey the third floor again · owner Tess Teams');
  });

  it('records `decision` typed in the pack’s channel thread against that pack, without the reference', async () => {
    const q2 = (await h.store.reviewPacks.listForContract(REF)).find((pack) => pack.quarterKey === '2026-Q2')!;
    const root = (purpose: string) => q2.messages.find((message) => message.purpose === purpose)!.messageId;
    const inThread = async (channel: string, messageId: string, text: string): Promise<string> => {
      const conversationId = `${channel};messageid=${messageId}`;
      const before = h.connector.requests.length;
      const response = await postActivity(
        h.endpoint,
        messageActivity(h.connector.serviceUrl, text, {
          from: TESS.account,
          conversation: { id: conversationId, conversationType: 'channel', isGroup: true },
          channelData: { channel: { id: channel, type: 'standard' } },
        }),
      );
      expect(response.status).toBe(200);
      const reply = await h.connector.waitFor(
        (r) => h.connector.requests.indexOf(r) >= before && r.kind === 'create' && r.conversationId === conversationId,
      );
      return cardOf(reply) ? cardText(cardOf(reply)) : String(reply.body.text ?? '');
    };
    const recorded = async () => (await h.store.reviewPacks.decisionsForContract(REF)).map((d) => d.text);

    // The vendor version's thread is read by the vendor: refused, nothing recorded.
    expect(await inThread(SHARED, root('vendor'), 'steward decision 2026-09-30 me Drop the vendor')).toContain(
      'vendor version of the pack',
    );
    // A thread that is no pack's asks for the reference.
    expect(await inThread(INTERNAL, 'not-a-pack', 'steward decision 2026-09-30 me Anything')).toContain(
      'name the contract',
    );
    expect(await recorded()).not.toContain('Drop the vendor');
    expect(await recorded()).not.toContain('Anything');

    expect(
      await inThread(INTERNAL, root('internal'), 'steward decision 2026-09-30 me Replace the survey supplier'),
    ).toContain(`Recorded for the 2026-Q2 review of ${REF}: Replace the survey supplier · owner Tess Teams`);
    const audited = (await h.store.audit.list(REF)).filter((entry) => entry.action === 'review.decision-recorded');
    expect(audited).toHaveLength(2);

    h.clock.set('2026-10-07T07:05:00Z');
    await h.services.reviewPacks.runScheduled(h.clock());
    const q3 = packsIn(INTERNAL).filter((r) => String(r.body.text).includes('Q3 2026'));
    expect(q3).toHaveLength(1);
    expect(String(q3[0]!.body.text)).toContain('2026-Q2 review: Replace the survey supplier · owner Tess Teams');
  });
});
