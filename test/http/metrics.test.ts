import { buttonLabelled, openedView, submitView, typedByLabel } from '../support/slack-e2e';
import { blockActionPayload } from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, seedAvailabilityContract, startStewardWithSlack } from '../support/steward-harness';

/**
 * GET /metrics as a Prometheus scraper sees it while a person uses Steward: the counters move when a check-in is
 * prompted and answered and when a breach opens an escalation; Web API calls are counted by method and outcome,
 * a 429 among them; the scheduler's jobs are timed; and the endpoint asks for METRICS_TOKEN when one is set.
 */
const OWNER = TEST_WORKSPACE.user.id;
const INTERNAL = 'C0METRICS';
const REF = 'METR-2026-001';
const TOKEN = 'metrics-token-0123456789';

let standin: SlackStandin;
let steward: StewardUnderTest;

beforeAll(async () => {
  standin = await startSlackStandin({
    channels: [{ id: INTERNAL, name: 'metrics-ops', members: [OWNER, TEST_WORKSPACE.botUserId] }],
  });
  steward = await startStewardWithSlack({
    standin,
    start: '2026-03-02T08:00:00Z',
    env: {
      METRICS_TOKEN: TOKEN,
      SCHEDULER_ENABLED: 'true',
      // The test ticks the scheduler itself; the cron never fires during it.
      SCHEDULER_TICK_CRON: '0 0 1 1 *',
      SCHEDULER_JOBS: 'create-due-checkins,dispatch-checkins',
    },
  });
  await seedAvailabilityContract(steward, {
    reference: REF,
    title: 'Managed network',
    channelId: INTERNAL,
    ownerId: OWNER,
    teamId: TEST_WORKSPACE.teamId,
  });
});

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

async function scrape(authorization: string | null = `Bearer ${TOKEN}`) {
  return fetch(`${steward.app.url}/metrics`, { headers: authorization ? { authorization } : {} });
}

/** The value of one sample, `name{labels}`; 0 when the series has not appeared yet. */
async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await scrape()).text();
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? ([0-9.e+-]+|NaN)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (wanted.every(([key, value]) => have.get(key) === value)) return Number(match[3]);
  }
  return 0;
}

describe('GET /metrics', () => {
  it('asks for the token when METRICS_TOKEN is set', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('Bearer not-the-token-at-all!!')).status).toBe(401);
    const open = await scrape();
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toContain('text/plain');
    expect(await sample('steward_database_up')).toBe(1);
  });

  it('counts a check-in prompted and answered, the escalation a breach opens, and the Web API calls behind them', async () => {
    const before = {
      created: await sample('steward_checkins_created_total'),
      prompted: await sample('steward_checkins_prompted_total'),
      answered: await sample('steward_checkins_answered_total'),
      opened: await sample('steward_escalations_opened_total'),
      posts: await sample('steward_chat_api_calls_total', {
        surface: 'slack',
        method: 'chat.postMessage',
        outcome: 'ok',
      }),
      limited: await sample('steward_chat_api_rate_limited_total', { surface: 'slack', method: 'chat.postMessage' }),
    };

    // April's first morning: March's check-in is created and prompted; Slack answers the first post with a 429.
    standin.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    steward.clock.set('2026-04-01T08:00:00Z');
    await steward.app.scheduler?.tick();
    const prompt = await standin.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.channel === INTERNAL &&
        c.ok &&
        (c.body.metadata as { event_type?: string } | undefined)?.event_type === 'steward_checkin_prompt',
    );
    expect(await sample('steward_checkins_created_total')).toBe(before.created + 1);
    expect(await sample('steward_checkins_prompted_total')).toBe(before.prompted + 1);
    expect(await sample('steward_chat_api_rate_limited_total', { surface: 'slack', method: 'chat.postMessage' })).toBe(
      before.limited + 1,
    );
    expect(
      await sample('steward_chat_api_calls_total', {
        surface: 'slack',
        method: 'chat.postMessage',
        outcome: 'rate_limited',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await sample('steward_scheduler_job_duration_seconds_count', { job: 'dispatch-checkins' }),
    ).toBeGreaterThanOrEqual(1);

    // The owner presses "Submit score" and types 58 into "Score (%)": a breach.
    const ts = (prompt.response as { ts: string }).ts;
    await steward.send(
      'interaction',
      blockActionPayload({
        ...buttonLabelled(prompt.body.blocks, 'Submit score'),
        user: { id: OWNER, team_id: TEST_WORKSPACE.teamId } as never,
        channel: { id: INTERNAL, name: 'metrics-ops' } as never,
        container: { type: 'message', message_ts: ts, channel_id: INTERNAL, is_ephemeral: false } as never,
      }),
    );
    const view = await openedView(standin, 'checkin_submit_score');
    await submitView(steward, view, typedByLabel(view, { 'Score (%)': '58' }), { id: OWNER });
    await standin.waitFor(
      (c) => c.method === 'chat.postMessage' && c.ok && JSON.stringify(c.body).includes('escalation_acknowledge'),
    );

    expect(await sample('steward_checkins_answered_total')).toBe(before.answered + 1);
    expect(await sample('steward_escalations_opened_total')).toBe(before.opened + 1);
    expect(await sample('steward_audit_events_total', { action: 'checkin.answered' })).toBe(before.answered + 1);
    expect(
      await sample('steward_chat_api_calls_total', { surface: 'slack', method: 'chat.postMessage', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(before.posts + 2);
    expect(
      await sample('steward_chat_api_calls_total', { surface: 'slack', method: 'views.open', outcome: 'ok' }),
    ).toBe(1);
  });
});
