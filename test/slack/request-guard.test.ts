import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import {
  blockActionPayload,
  encodeSlackRequest,
  postToSlackApp,
  slashCommandBody,
  stateValues,
  unixSeconds,
  viewSubmissionPayload,
} from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack, TEST_SIGNING_SECRET } from '../support/steward-harness';

/**
 * What reaches Steward's Slack endpoint before Bolt does (slack/request-guard.ts), through the real HTTP
 * server and store: replays, timestamps from the future, oversized and unsigned bodies.
 */
const OWNER = TEST_WORKSPACE.user.id;
const INTERNAL = 'C0GUARD';
const REF = 'GUARD-2026-001';
const VENDOR = 'U0VENDOR';
const SHARED = 'C0GUARDSHARED';

let standin: SlackStandin;
let steward: StewardUnderTest;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [{ id: VENDOR, team_id: 'T0PARTNER', name: 'vera', real_name: 'Vera Vendor' }],
    channels: [
      { id: INTERNAL, name: 'guard', members: [OWNER, TEST_WORKSPACE.botUserId] },
      { id: SHARED, name: 'guard-partner', is_ext_shared: true, members: [OWNER, VENDOR, TEST_WORKSPACE.botUserId] },
    ],
  });
  steward = await startStewardWithSlack({ standin });
  const owner = {
    person: { slackUserId: OWNER, slackTeamId: TEST_WORKSPACE.teamId },
    surface: 'slack' as const,
    external: false,
  };
  await steward.app.services.contracts.create(owner, {
    reference: REF,
    title: 'Guarded contract',
    vendorName: 'Guard Vendor',
    vendorContacts: [{ slackUserId: VENDOR }],
    value: 1_000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    status: 'active',
  });
  await steward.app.services.contracts.linkChannel(owner, REF, {
    surface: 'slack',
    channelId: INTERNAL,
    purpose: 'internal',
  });
});

async function promptedCheckin(): Promise<{ id: string; channel: string; ts: string }> {
  const owner = {
    person: { slackUserId: OWNER, slackTeamId: TEST_WORKSPACE.teamId },
    surface: 'slack' as const,
    external: false,
  };
  const { contracts, checkins } = steward.app.services;
  await contracts.upsertKpi(owner, REF, {
    key: 'availability',
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'vendor',
    evidenceRequired: false,
    vendorVisible: true,
  });
  await contracts.linkChannel(owner, REF, { surface: 'slack', channelId: SHARED, purpose: 'vendor' });
  await checkins.createDueCheckins(steward.clock());
  const [created] = await steward.app.store.checkins.listForContract(REF);
  steward.clock.set(created!.dueAt);
  await checkins.dispatchDue(steward.clock());
  const checkin = await steward.app.store.checkins.get(created!.id);
  const prompt = checkin!.prompts[0]!;
  return { id: checkin!.id, channel: prompt.channelId, ts: String(prompt.messageTs) };
}

async function waitFor(done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterAll(async () => {
  await steward?.stop();
  await standin?.close();
});

const post = (body: object | string, timestamp = unixSeconds(), kind: 'command' | 'event' = 'command') =>
  postToSlackApp(steward.app.url, kind, body as never, { secret: TEST_SIGNING_SECRET, timestamp });

/** Sends raw bytes on a fresh socket; resolves with what came back and whether the server closed it. */
function rawExchange(
  head: string,
  body: Buffer,
  waitMs = 3_000,
): Promise<{ response: string; closed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(new URL(steward.app.url).port), '127.0.0.1');
    let response = '';
    let closed = false;
    const finish = () => resolve({ response, closed, ms: Date.now() - started });
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, waitMs);
    socket.on('data', (chunk) => {
      response += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      finish();
    });
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body);
    });
    socket.on('timeout', reject);
  });
}

describe('the Slack endpoint', () => {
  it('gives a signed request replayed 10 times one effect: one lesson, nine refusals', async () => {
    const body = slashCommandBody({
      text: `lesson ${REF} Put the handover in writing`,
      user_id: OWNER,
      channel_id: INTERNAL,
      response_url: standin.responseUrl('replay'),
    });
    const timestamp = unixSeconds();
    const first = await post(body, timestamp);
    expect(first.status).toBe(200);
    // Sent again, one after the other and all at once.
    const again = [await post(body, timestamp), await post(body, timestamp)];
    again.push(...(await Promise.all(Array.from({ length: 7 }, () => post(body, timestamp)))));
    expect(again.map((r) => r.status)).toEqual(Array.from({ length: 9 }, () => 401));
    await standin.waitForResponse('replay');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standin.responsesTo('replay')).toHaveLength(1);
    const lessons = await steward.app.store.lessons.listForVendor('Guard Vendor');
    expect(lessons).toHaveLength(1);

    // The same command sent anew (a new request, as Slack would) is not a replay.
    const fresh = await post(
      slashCommandBody({
        text: 'help',
        user_id: OWNER,
        channel_id: INTERNAL,
        response_url: standin.responseUrl('fresh'),
      }),
    );
    expect(fresh.status).toBe(200);
  });

  it('refuses timestamps more than five minutes in the future, as it does old ones', async () => {
    const help = () =>
      slashCommandBody({ text: 'help', user_id: OWNER, channel_id: INTERNAL, response_url: standin.responseUrl('t') });
    expect((await post(help(), unixSeconds() + 6 * 60)).status).toBe(401);
    expect((await post(help(), unixSeconds() + 24 * 3_600)).status).toBe(401);
    expect((await post(help(), unixSeconds() - 6 * 60)).status).toBe(401);
    expect((await post(help(), unixSeconds() + 4 * 60)).status).toBe(200);
  });

  it('lets Slack retry an event (same envelope, same signature) through to the event_id deduplication', async () => {
    const envelope = {
      token: TEST_WORKSPACE.verificationToken,
      team_id: TEST_WORKSPACE.teamId,
      api_app_id: TEST_WORKSPACE.appId,
      type: 'event_callback',
      event_id: 'Ev0GUARD1',
      event_time: unixSeconds(),
      event: { type: 'app_home_opened', user: OWNER, channel: 'D0OWNER', tab: 'home', event_ts: '1.0' },
    };
    const timestamp = unixSeconds();
    expect((await post(envelope, timestamp, 'event')).status).toBe(200);
    expect((await post(envelope, timestamp, 'event')).status).toBe(200);
  });

  it('refuses a body over the limit from its Content-Length without reading it, and closes that connection', async () => {
    const head = [
      'POST /slack/events HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${5 * 1024 * 1024}`,
      'Connection: keep-alive',
      '',
      '',
    ].join('\r\n');
    // Only the first 64 KB are ever sent: the answer must not wait for the rest.
    const result = await rawExchange(head, Buffer.alloc(64 * 1024, 'a'));
    expect(result.response).toMatch(/^HTTP\/1\.1 413/);
    expect(result.response.toLowerCase()).toContain('connection: close');
    expect(result.closed).toBe(true);
    expect(result.ms).toBeLessThan(2_000);
  });

  it('refuses an unsigned body at once, without waiting for it, and serves the next request on a kept-alive agent at once', async () => {
    const head = [
      'POST /slack/events HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${900 * 1024}`,
      '',
      '',
    ].join('\r\n');
    const result = await rawExchange(head, Buffer.alloc(1_024, 'a'));
    expect(result.response).toMatch(/^HTTP\/1\.1 401/);
    expect(result.closed).toBe(true);

    // Through a keep-alive agent, as a proxy reusing connections would: a 413, then /healthz at once.
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string, method: string, body?: Buffer) =>
      new Promise<{ status: number; ms: number }>((resolve, reject) => {
        const started = Date.now();
        const req = httpRequest(`${steward.app.url}${path}`, { method, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
        });
        req.on('error', reject);
        if (body) req.end(body);
        else req.end();
      });
    const big = await send('/slack/events', 'POST', Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(big.status).toBe(413);
    const health = await send('/healthz', 'GET');
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(1_000);
    agent.destroy();
  });

  it('refuses a chunked body once it grows past the limit', async () => {
    const head = [
      'POST /slack/events HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
      `X-Slack-Request-Timestamp: ${unixSeconds()}`,
      'X-Slack-Signature: v0=00',
      '',
      '',
    ].join('\r\n');
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const chunks = Buffer.concat(
      Array.from({ length: 5 }, () =>
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
      ),
    );
    const result = await rawExchange(head, chunks);
    expect(result.response).toMatch(/^HTTP\/1\.1 413/);
    expect(result.closed).toBe(true);
  });

  it('answers malformed interaction shapes with 400 within a second, never 500 or silence', async () => {
    const payloads: Array<[string, string]> = [
      ['payload=null', 'payload=null'],
      ['payload not JSON', 'payload=%7Bnot%20json'],
      [
        'block_actions without user',
        encodeSlackRequest('interaction', { ...blockActionPayload(), user: undefined }).rawBody,
      ],
      ['actions=null', encodeSlackRequest('interaction', { ...blockActionPayload(), actions: null }).rawBody],
      ['view=null', encodeSlackRequest('interaction', { ...viewSubmissionPayload(), view: null }).rawBody],
      ['command without user', 'command=%2Fsteward&text=help'],
    ];
    for (const [what, raw] of payloads) {
      const started = Date.now();
      const response = await post(raw);
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(response.text).toMatch(/needs|must|not valid/);
    }
  });

  it('never shows "[object Object]" for a button whose value is not text', async () => {
    const before = standin.calls.length;
    const response = await postToSlackApp(
      steward.app.url,
      'interaction',
      blockActionPayload({
        action_id: 'escalation_acknowledge',
        value: { id: 'x' } as never,
        user: { id: OWNER, team_id: TEST_WORKSPACE.teamId },
        channel: { id: INTERNAL, name: 'guard' },
        response_url: standin.responseUrl('objectvalue'),
      }),
      { secret: TEST_SIGNING_SECRET },
    );
    expect(response.status).toBe(200);
    const answer = JSON.stringify(await standin.waitForResponse('objectvalue'));
    expect(answer).toContain('lost what it was for');
    expect(JSON.stringify(standin.calls.slice(before))).not.toContain('[object Object]');
  });

  it('acknowledges 50 concurrent submissions of one check-in, and only one of them has any effect', async () => {
    const checkin = await promptedCheckin();
    const updatesBefore = standin.calls.filter((c) => c.method === 'chat.update').length;
    const submit = (value: string) =>
      postToSlackApp(
        steward.app.url,
        'interaction',
        viewSubmissionPayload({
          callback_id: 'checkin_submit_score',
          private_metadata: JSON.stringify({
            subject: checkin.id,
            message: { channelId: checkin.channel, ts: checkin.ts },
          }),
          values: stateValues({ value: { value: { type: 'number_input', value } } }),
          user: { id: VENDOR, team_id: 'T0PARTNER' } as never,
          view: {
            blocks: [{ type: 'input', block_id: 'value', element: { type: 'number_input', action_id: 'value' } }],
          } as never,
        }),
        { secret: TEST_SIGNING_SECRET },
      );
    const timed = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const started = Date.now();
        const response = await submit(String(95 + (i % 5)));
        return { status: response.status, body: response.body, ms: Date.now() - started };
      }),
    );
    process.stdout.write(
      `50 concurrent submissions: acks in ms ${JSON.stringify(timed.map((t) => t.ms).sort((a, b) => a - b))}\n`,
    );
    // Every one is acknowledged; how fast is measured in bench/ (BENCH_ONLY=ack), not asserted on a shared machine.
    expect(timed.map((t) => t.status)).toEqual(timed.map(() => 200));
    // One closes the modal (an empty ack), the rest keep it open saying it was answered, or (the same value
    // from the same person) are told their score was saved.
    const refused = timed.filter((t) => JSON.stringify(t.body).includes('already'));
    expect(refused.length).toBeGreaterThanOrEqual(39);

    const score = await steward.app.store.scores.forCheckin(checkin.id);
    expect(score).not.toBeNull();
    expect((await steward.app.store.checkins.get(checkin.id))?.answeredScoreId).toBe(score!.id);
    // The follow-ups run after the acknowledgement: wait for the prompt to be redrawn, then count effects.
    await standin.waitFor('chat.update', { count: updatesBefore + 1 });
    await waitFor(async () => (await steward.app.store.scores.followUpOf(checkin.id)) === null);
    const answeredEvents = (await steward.app.store.audit.list(REF)).filter(
      (event) => event.action === 'checkin.answered',
    );
    expect(answeredEvents.map((event) => event.entityId)).toEqual([score!.id]);
    const escalations = (await steward.app.store.escalations.listForContract(REF)).filter(
      (escalation) => escalation.checkinId === checkin.id,
    );
    expect(escalations).toHaveLength(score!.rag === 'red' ? 1 : 0);
    const prompt = standin.calls.filter((c) => c.method === 'chat.update' && c.body.ts === checkin.ts).at(-1);
    expect(JSON.stringify(prompt?.body.blocks)).toContain(String(score!.value));
  });
});
