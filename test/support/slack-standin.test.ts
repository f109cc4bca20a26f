import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, webApi } from '@slack/bolt';
import {
  blockActionPayload,
  eventEnvelope,
  postToSlackApp,
  signSlackRequest,
  slashCommandBody,
  unixSeconds,
  urlVerificationBody,
} from './slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from './slack-standin';

// Short retries: the client's default policy keeps retrying for about 30 minutes.
const quickRetries = { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 };

let standin: SlackStandin;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: 'U0BOB', team_id: TEST_WORKSPACE.teamId, name: 'bob', tz: 'America/New_York', tz_offset: -18000 },
      { id: 'U0EXTERNAL', team_id: 'T0PARTNER', enterprise_id: 'E0PARTNER', name: 'erin', tz: 'Asia/Tokyo' },
    ],
  });
});

afterEach(() => standin.reset());

afterAll(async () => {
  await standin.close();
});

const client = (options: webApi.WebClientOptions = {}): webApi.WebClient =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: standin.apiUrl,
    retryConfig: quickRetries,
    logLevel: webApi.LogLevel.ERROR,
    ...options,
  });

describe('Slack stand-in answering the real @slack/web-api client', () => {
  it('posts, updates and reads back a message with its metadata', async () => {
    const web = client();
    const metadata = { event_type: 'checkin_prompt', event_payload: { checkin_id: 'chk_1', period: '2025-Q1' } };
    const posted = await web.chat.postMessage({
      channel: 'C0KPI',
      text: 'Time for your check-in',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Time for your *check-in*' } }],
      metadata,
    });
    expect(posted).toMatchObject({ ok: true, channel: 'C0KPI', message: { text: 'Time for your check-in', metadata } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);

    const second = await web.chat.postMessage({ channel: 'C0KPI', text: 'reply', thread_ts: posted.ts });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    await web.chat.update({ channel: 'C0KPI', ts: posted.ts as string, text: 'Check-in submitted', blocks: [] });

    const withMetadata = await web.conversations.history({ channel: 'C0KPI', include_all_metadata: true });
    expect(withMetadata.messages).toHaveLength(1); // the reply stays in its thread
    expect(withMetadata.messages?.[0]).toMatchObject({
      ts: posted.ts,
      text: 'Check-in submitted',
      metadata,
      reply_count: 1,
      edited: { user: TEST_WORKSPACE.botUserId },
    });
    const plain = await web.conversations.history({ channel: 'C0KPI' });
    expect(plain.messages?.[0]?.metadata).toBeUndefined();

    const replies = await web.conversations.replies({ channel: 'C0KPI', ts: posted.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['Check-in submitted', 'reply']);

    // What the stand-in saw: decoded form fields and the bearer token.
    const call = standin.callsTo('chat.postMessage')[0];
    expect(call?.token).toBe('xoxb-test');
    expect(call?.body.metadata).toEqual(metadata);
    expect(call?.body.blocks).toEqual([expect.objectContaining({ type: 'section' })]);

    await expect(web.chat.update({ channel: 'C0KPI', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
  });

  it('pages conversations.history newest first with oldest and limit', async () => {
    const web = client();
    const ts: string[] = [];
    for (const text of ['one', 'two', 'three', 'four']) {
      ts.push((await web.chat.postMessage({ channel: 'C0PAGES', text })).ts as string);
    }
    const recent = await web.conversations.history({ channel: 'C0PAGES', oldest: ts[0], limit: 2 });
    expect(recent.messages?.map((m) => m.text)).toEqual(['four', 'three']);
    expect(recent.has_more).toBe(true);
    const rest = await web.conversations.history({
      channel: 'C0PAGES',
      oldest: ts[0],
      limit: 2,
      cursor: recent.response_metadata?.next_cursor,
    });
    expect(rest.messages?.map((m) => m.text)).toEqual(['two']);
    expect(rest.has_more).toBe(false);
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    standin.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await client().chat.postMessage({ channel: 'C0KPI', text: 'after the limit' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(standin.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(standin.rejected).toHaveLength(1);
    expect(standin.messagesIn('C0KPI')).toHaveLength(1);
  });

  it('surfaces the 429 when the client rejects rate-limited calls', async () => {
    standin.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    await expect(
      client({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C0KPI', text: 'x' }),
    ).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
  });

  it('surfaces an injected platform error and an HTTP 500', async () => {
    standin.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(client().chat.postMessage({ channel: 'C0GONE', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    standin.failNext('users.info', { status: 500 }, 2);
    await expect(client().users.info({ user: 'U0BOB' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    expect(standin.accepted()).toHaveLength(0);
  });

  it('uploads a file with files.uploadV2 end to end', async () => {
    const result = await client().files.uploadV2({
      channel_id: 'C0KPI',
      filename: 'scorecard.csv',
      title: 'Q1 scorecard',
      content: 'kpi,score\non_time_delivery,4\n',
      initial_comment: 'The Q1 scorecard',
    });
    expect(result.ok).toBe(true);
    const [file] = standin.files();
    expect(file).toMatchObject({ filename: 'scorecard.csv', title: 'Q1 scorecard', completed: true });
    expect(file?.content?.toString()).toBe('kpi,score\non_time_delivery,4\n');
    expect(standin.callsTo('files.completeUploadExternal')[0]?.body.files).toEqual([
      { id: file?.id, title: 'Q1 scorecard' },
    ]);
    const [message] = standin.messagesIn('C0KPI');
    expect(message).toMatchObject({ text: 'The Q1 scorecard', files: [{ id: file?.id, name: 'scorecard.csv' }] });
  });

  it('answers 429 past one message per second per channel, but not for another channel', async () => {
    standin.enforceChannelRateLimit({ perSecond: 1 });
    const web = client({ rejectRateLimitedCalls: true });
    await web.chat.postMessage({ channel: 'C0BUSY', text: 'first' });
    await expect(web.chat.postMessage({ channel: 'C0BUSY', text: 'second' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 1,
    });
    await web.chat.postMessage({ channel: 'C0QUIET', text: 'elsewhere' });
    expect(standin.accepted('chat.postMessage')).toHaveLength(2);
    expect(standin.rejected.map((c) => c.body.channel)).toEqual(['C0BUSY']);
    expect(standin.messagesIn('C0BUSY')).toHaveLength(1);
  });

  it('opens DMs, knows users, and refuses a DM with an external user who shares no channel', async () => {
    const web = client();
    const opened = await web.conversations.open({ users: 'U0BOB' });
    expect(opened.channel?.id).toMatch(/^D/);
    expect(await web.conversations.open({ users: 'U0BOB' })).toMatchObject({
      already_open: true,
      channel: { id: opened.channel?.id },
    });
    expect((await web.users.info({ user: 'U0BOB' })).user).toMatchObject({
      id: 'U0BOB',
      team_id: TEST_WORKSPACE.teamId,
      tz: 'America/New_York',
    });
    await expect(web.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(web.conversations.open({ users: 'U0EXTERNAL' })).rejects.toMatchObject({
      data: { error: 'user_not_visible' },
    });

    standin.addChannel({ id: 'C0SHARED', name: 'acme-partner', is_ext_shared: true, members: ['U0EXTERNAL'] });
    expect((await web.conversations.open({ users: 'U0EXTERNAL' })).channel?.id).toMatch(/^D/);
    expect((await web.conversations.info({ channel: 'C0SHARED' })).channel).toMatchObject({ is_ext_shared: true });

    // Posting to a user id lands in the app's DM with them, as on Slack.
    const posted = await web.chat.postMessage({ channel: 'U0BOB', text: 'hello' });
    expect(posted.channel).toBe(opened.channel?.id);
    expect(standin.messagesIn('U0BOB')).toHaveLength(1);
  });

  it('opens modals once per trigger_id, updates them by id and hash, and publishes Home', async () => {
    const web = client();
    const view = {
      type: 'modal' as const,
      callback_id: 'kpi_edit_view',
      title: { type: 'plain_text' as const, text: 'Edit KPI' },
      blocks: [],
    };
    const opened = await web.views.open({ trigger_id: '123.456.abc', view });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: 'kpi_edit_view' });
    await expect(web.views.open({ trigger_id: '123.456.abc', view })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
    const viewId = opened.view?.id as string;
    await expect(web.views.update({ view_id: viewId, hash: 'stale', view })).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    await web.views.update({ view_id: viewId, hash: opened.view?.hash, view: { ...view, private_metadata: 'k1' } });
    expect(standin.view(viewId)?.private_metadata).toBe('k1');

    await web.views.publish({ user_id: 'U0BOB', view: { type: 'home', blocks: [] } });
    expect(standin.homeView('U0BOB')?.type).toBe('home');
    await web.reactions.add({ channel: 'C0KPI', timestamp: '1.000001', name: 'x' }).catch(() => undefined);
    expect(standin.callsTo('reactions.add')[0]?.error).toBe('message_not_found');
    await expect(web.apiCall('chat.nonsense')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('keeps ephemeral messages apart and deletes messages', async () => {
    const web = client();
    const general = TEST_WORKSPACE.channel.id;
    const ephemeral = await web.chat.postEphemeral({
      channel: general,
      user: TEST_WORKSPACE.user.id,
      text: 'only you',
    });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standin.ephemeralsIn(general)).toEqual([expect.objectContaining({ user: TEST_WORKSPACE.user.id })]);
    await expect(web.chat.postEphemeral({ channel: general, user: 'U0BOB', text: 'x' })).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
    const posted = await web.chat.postMessage({ channel: general, text: 'short-lived' });
    await web.chat.delete({ channel: general, ts: posted.ts as string });
    expect(standin.messagesIn(general)).toEqual([]);
    expect((await web.conversations.history({ channel: general })).messages).toEqual([]);
  });

  it('delays answers on demand and takes at most five posts per response_url', async () => {
    standin.setLatency(60);
    const started = Date.now();
    await client().auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    const url = standin.responseUrl('five');
    const post = (n: number) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
    for (let n = 1; n <= 5; n += 1) expect((await post(n)).status).toBe(200);
    expect((await post(6)).status).toBe(404);
    expect(standin.responsesTo('five')).toHaveLength(5);
  });

  it('waits for a call that has not arrived yet, and times out with what it saw', async () => {
    const waiting = standin.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0LATER');
    setTimeout(() => void client().chat.postMessage({ channel: 'C0LATER', text: 'later' }), 20);
    await expect(waiting).resolves.toMatchObject({ ok: true, body: { text: 'later' } });
    await expect(standin.waitFor('views.open', { timeoutMs: 50 })).rejects.toThrow(/chat\.postMessage/);
  });
});

describe('a Bolt app behind the stand-in', () => {
  const signingSecret = 'test-signing-secret';
  const silent: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: () => undefined,
    getLevel: () => LogLevel.ERROR,
    setName: () => undefined,
  };
  let app: App;
  let appUrl: string;

  beforeAll(async () => {
    // The constructor calls auth.test at once (a token without botId/botUserId), so the stand-in must be up.
    app = new App({
      token: 'xoxb-test',
      signingSecret,
      logger: silent,
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: quickRetries },
    });
    app.command('/steward', async ({ ack, respond, client: web, command }) => {
      await ack();
      await respond({ text: `Working on "${command.text}"`, response_type: 'ephemeral' });
      await web.chat.postMessage({ channel: command.channel_id, text: 'Done' });
    });
    app.action('checkin_submit_score', async ({ ack, respond }) => {
      await ack();
      await respond({ replace_original: true, text: 'Score recorded' });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    appUrl = `http://127.0.0.1:${server.address().port}`;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('accepts a correctly signed slash command and works after the ack', async () => {
    const body = slashCommandBody({ text: 'status', response_url: standin.responseUrl('cmd-1') });
    const response = await postToSlackApp(appUrl, 'command', body, { secret: signingSecret });
    expect(response.status).toBe(200);
    await expect(standin.waitForResponse('cmd-1')).resolves.toMatchObject({ text: 'Working on "status"' });
    const post = await standin.waitFor('chat.postMessage');
    expect(post).toMatchObject({ ok: true, token: 'xoxb-test', body: { channel: TEST_WORKSPACE.channel.id } });
    // Bolt asked auth.test for the bot's identity when the app was built.
    expect(standin.accepted('auth.test')).toHaveLength(1);
  });

  it('routes a block action and its respond() to the response_url', async () => {
    const payload = blockActionPayload({
      action_id: 'checkin_submit_score',
      value: '4',
      response_url: standin.responseUrl('act-1'),
    });
    const response = await postToSlackApp(appUrl, 'interaction', payload, { secret: signingSecret });
    expect(response.status).toBe(200);
    await expect(standin.waitForResponse('act-1')).resolves.toEqual({ replace_original: true, text: 'Score recorded' });
  });

  it('refuses a forged signature and a stale timestamp with 401', async () => {
    const body = slashCommandBody();
    const forged = await postToSlackApp(appUrl, 'command', body, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await postToSlackApp(appUrl, 'command', body, {
      secret: signingSecret,
      timestamp: unixSeconds() - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(standin.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers url_verification with its challenge and refuses an unparseable body with 400', async () => {
    const verified = await postToSlackApp(appUrl, 'event', urlVerificationBody('abc123'), { secret: signingSecret });
    expect(verified).toMatchObject({ status: 200, body: { challenge: 'abc123' } });
    const garbled = await postToSlackApp(appUrl, 'event', '{not json', { secret: signingSecret });
    expect(garbled.status).toBe(400);
  });

  it('acknowledges an event envelope with retry headers', async () => {
    const envelope = eventEnvelope({ event_id: 'Ev0RETRY' });
    const response = await postToSlackApp(appUrl, 'event', envelope, {
      secret: signingSecret,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(response.status).toBe(200);
  });
});

describe('signSlackRequest', () => {
  it('signs "v0:timestamp:body" with HMAC-SHA256, as Slack documents', () => {
    // The worked example from https://docs.slack.dev/authentication/verifying-requests-from-slack
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });
});
