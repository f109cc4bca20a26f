import { pdfPageCount } from '../../src/reports/review-pack-pdf';
import { actorOf, cpmDriver, type Person } from '../slack/cpm-e2e-driver';
import { eventEnvelope } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * The quarterly review pack through Slack: on its morning the scheduler's job posts the internal pack (a PDF with
 * a summary) in the internal channel and the vendor version in the shared channel, once; the owner records the
 * review's decision with /steward decision, and the next quarter's pack reports on it.
 */
const OWNER: Person = { id: TEST_WORKSPACE.user.id, team: TEST_WORKSPACE.teamId };
const VENDOR: Person = { id: 'U0PVENDOR', team: 'T0PARTNER' };
const INTERNAL = 'C0PACKINTERNAL';
const SHARED = 'C0PACKSHARED';
const REF = 'PACK-2026-015';

let standin: SlackStandin;
let steward: StewardUnderTest;
let slack: ReturnType<typeof cpmDriver>;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [{ id: VENDOR.id, team_id: VENDOR.team, name: 'pia', real_name: 'Pia Partner' }],
    channels: [
      { id: INTERNAL, name: 'pack-internal', members: [OWNER.id, TEST_WORKSPACE.botUserId] },
      {
        id: SHARED,
        name: 'pack-partner',
        is_ext_shared: true,
        members: [OWNER.id, VENDOR.id, TEST_WORKSPACE.botUserId],
      },
    ],
  });
  steward = await startStewardWithSlack({ standin, start: '2026-01-05T08:00:00Z' });
  slack = cpmDriver(steward, standin, INTERNAL);
  const owner = actorOf(OWNER);
  const { contracts } = steward.app.services;
  await contracts.create(owner, {
    reference: REF,
    title: 'Data centre hosting',
    vendorName: 'Hooli Hosting',
    value: 400_000,
    currency: 'EUR',
    startDate: '2025-10-01',
    endDate: '2027-12-31',
    vendorContacts: [{ slackUserId: VENDOR.id }],
    status: 'active',
  });
  const kpi = {
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
  };
  await contracts.upsertKpi(owner, REF, { ...kpi, key: 'availability', name: 'Availability', vendorVisible: true });
  await contracts.upsertKpi(owner, REF, {
    ...kpi,
    key: 'cost-share',
    name: 'Internal cost share',
    vendorVisible: false,
  });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: INTERNAL, purpose: 'internal' });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
  // Six months, so the scorecard has enough scores to forecast.
  for (const [month, value] of [
    ['2025-10', 99.9],
    ['2025-11', 99.85],
    ['2025-12', 99.8],
    ['2026-01', 99.7],
    ['2026-02', 99.6],
    ['2026-03', 99.3],
  ] as const) {
    for (const key of ['availability', 'cost-share']) {
      await steward.app.store.scores.record({
        contractRef: REF,
        kpiKey: key,
        periodKey: month,
        periodStart: new Date(`${month}-01T00:00:00Z`),
        periodEnd: new Date(`${month}-28T00:00:00Z`),
        value,
        rag: value < 99.5 ? 'amber' : 'green',
        kpiVersion: 1,
        answeredBy: { slackUserId: OWNER.id },
        surface: 'slack',
      });
    }
  }
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

const packMessages = (channel: string) =>
  standin.messagesIn(channel).filter((message) => JSON.stringify(message).includes('review pack'));
const packFiles = () => standin.files().filter((file) => file.filename.startsWith(`${REF}-`));

describe('the quarterly review pack in Slack', () => {
  it('refuses a decision before any pack, and a malformed one with the usage', async () => {
    expect(await slack.command(`decision ${REF} 2026-05-31 me Add a second uplink`, OWNER)).toContain(
      'no review pack yet',
    );
    expect(await slack.command(`decision ${REF} soon me Add a second uplink`, OWNER)).toContain('is not a date');
    expect(await slack.command(`decision ${REF} 2026-05-31 someone Add`, OWNER)).toContain('Say who owns it');
    // A slash command carries no thread, so on Slack the contract is always named.
    expect(await slack.command('decision 2026-05-31 me Add a second uplink', OWNER)).toContain('Name the contract');
  });

  it('posts the pack on its morning, once, with the vendor version in the shared channel', async () => {
    steward.clock.set('2026-04-07T07:05:00Z');
    await steward.app.services.reviewPacks.runScheduled(steward.clock());
    await steward.app.services.reviewPacks.runScheduled(new Date('2026-04-08T09:00:00Z'));
    const internal = packMessages(INTERNAL);
    const shared = packMessages(SHARED);
    expect(internal).toHaveLength(1);
    expect(shared).toHaveLength(1);
    const internalText = JSON.stringify(internal[0]);
    expect(internalText).toContain('Q1 2026 review pack');
    expect(internalText).toContain('Internal cost share');
    expect(internalText).toMatch(
      /Availability: 99\.3% \(2026-03\) · amber · declining · forecast 9\d\.\d+% next month \(80% between/,
    );
    const sharedText = JSON.stringify(shared[0]);
    expect(sharedText).toContain('vendor version');
    expect(sharedText).not.toContain('Internal cost share');
    const files = packFiles();
    expect(files.map((file) => file.filename).sort()).toEqual([
      `${REF}-2026-Q1-review-pack-vendor.pdf`,
      `${REF}-2026-Q1-review-pack.pdf`,
    ]);
    for (const file of files) {
      expect(file.content!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfPageCount(file.content!)).toBeGreaterThanOrEqual(1);
    }
  });

  it('records the decision, audited, and the next quarter’s pack reports on it', async () => {
    const answer = await slack.command(`decision ${REF} 2026-05-31 me Ask Hooli for a second uplink`, OWNER);
    expect(answer).toContain('Recorded for the 2026-Q1 review');
    expect(answer).toContain('due 2026-05-31');
    const vendorTried = await slack.command(`decision ${REF} 2026-05-31 me Nothing`, VENDOR, SHARED);
    expect(vendorTried).toMatch(/contract team/);
    const audited = (await steward.app.store.audit.list(REF)).filter((e) => e.action === 'review.decision-recorded');
    expect(audited).toHaveLength(1);

    steward.clock.set('2026-07-07T07:05:00Z');
    await steward.app.services.reviewPacks.runScheduled(steward.clock());
    const q2 = packMessages(INTERNAL).filter((message) => JSON.stringify(message).includes('Q2 2026'));
    expect(q2).toHaveLength(1);
    expect(JSON.stringify(q2[0])).toContain('2026-Q1 review: Ask Hooli for a second uplink');
    const q2Shared = packMessages(SHARED).filter((message) => JSON.stringify(message).includes('Q2 2026'));
    expect(JSON.stringify(q2Shared)).not.toContain('second uplink');
  });

  it('records a decision mentioned in the pack’s thread against that pack, and refuses it in the vendor version’s', async () => {
    const [pack] = await steward.app.store.reviewPacks.listForContract(REF);
    const internal = pack!.messages.find((message) => message.purpose === 'internal')!;
    const vendor = pack!.messages.find((message) => message.purpose === 'vendor')!;
    const mention = (channel: string, threadTs: string, text: string, user = OWNER) =>
      steward.send(
        'event',
        eventEnvelope({
          event: {
            type: 'app_mention',
            user: user.id,
            user_team: user.team,
            text: `<@${TEST_WORKSPACE.botUserId}> ${text}`,
            channel,
            ts: `${Math.floor(steward.clock().getTime() / 1000)}.000900`,
            thread_ts: threadTs,
            event_ts: `${Math.floor(steward.clock().getTime() / 1000)}.000900`,
          } as never,
        }),
      );
    const answerIn = (channel: string, threadTs: string, pattern: RegExp) =>
      standin.waitFor(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.body.channel === channel &&
          call.body.thread_ts === threadTs &&
          pattern.test(String(call.body.text)),
      );

    await mention(INTERNAL, internal.messageId, `decision 2026-09-30 <@${OWNER.id}> Move the backup site`);
    await answerIn(
      INTERNAL,
      internal.messageId,
      new RegExp(`Recorded for the ${pack!.quarterKey} review of \\*${REF}\\*`),
    );
    const decisions = (await steward.app.store.audit.list(REF)).filter((e) => e.action === 'review.decision-recorded');
    expect(JSON.stringify(decisions.at(-1))).toContain('Move the backup site');

    await mention(SHARED, vendor.messageId, 'decision 2026-09-30 me Something internal');
    await answerIn(SHARED, vendor.messageId, /vendor version of the pack/);
    await mention(INTERNAL, internal.messageId, 'what is this?');
    await answerIn(INTERNAL, internal.messageId, /mention me with: `decision YYYY-MM-DD/);
    expect(
      (await steward.app.store.audit.list(REF)).filter((e) => e.action === 'review.decision-recorded'),
    ).toHaveLength(decisions.length);
  });
});
