import type { AddressInfo } from 'node:net';
import { StewardError } from '../../src/domain/errors';
import { HttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/logger';
import type { Actor } from '../../src/services/service-api';
import { APOLOGY } from '../../src/slack/errors';
import { createSlackSurface, type SlackSurface } from '../../src/slack/slack-app';
import {
  blockActionPayload,
  eventEnvelope,
  postToSlackApp,
  slashCommandBody,
  stateValues,
  unixSeconds,
  viewSubmissionPayload,
} from '../support/slack-requests';
import { type SlackStandin, startSlackStandin, TEST_WORKSPACE } from '../support/slack-standin';
import { fakeServices, type RecordedCall } from './fake-services';
import { checkinItem, prompt, textOf } from './fixtures';

/**
 * End to end through the real Bolt HTTP receiver mounted on Steward's HttpServer, with a fake StewardServices
 * and the loopback stand-in as the Slack Web API.
 */
const SECRET = 'slack-test-signing-secret';
const KPI_CHANNEL = 'C0KPI';
const SHARED_CHANNEL = 'C0SHARED';

let standin: SlackStandin;
let slack: SlackSurface;
let http: HttpServer;
let baseUrl: string;
let fake: ReturnType<typeof fakeServices>;
let responses = 0;

beforeAll(async () => {
  standin = await startSlackStandin({
    users: [
      { id: 'U0BOB', team_id: TEST_WORKSPACE.teamId, name: 'bob', real_name: 'Bob Builder' },
      { id: 'U0VENDOR', team_id: 'T0PARTNER', name: 'vera', real_name: 'Vera Vendor' },
      { id: 'U0STRANGER', team_id: 'T0OTHER', name: 'sam' },
    ],
    channels: [
      { id: KPI_CHANNEL, name: 'acme-kpis', members: [TEST_WORKSPACE.user.id, 'U0BOB', TEST_WORKSPACE.botUserId] },
      {
        id: SHARED_CHANNEL,
        name: 'acme-partner',
        is_ext_shared: true,
        members: [TEST_WORKSPACE.user.id, 'U0VENDOR', TEST_WORKSPACE.botUserId],
      },
    ],
  });
  fake = fakeServices();
  const logger = createLogger('silent');
  slack = createSlackSurface({
    config: { enabled: true, botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: standin.apiUrl, socketMode: false },
    services: fake.services,
    logger,
    // One quick retry, no waiting: nothing in these tests sleeps.
    webApiRetries: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    // Short budgets so the slow-service paths are tested in well under a second.
    timing: { modalBudgetMs: 200, submitBudgetMs: 200 },
  });
  http = new HttpServer(logger);
  http.route('/slack', slack.requestListener);
  const address: AddressInfo = await http.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${address.port}`;
  await slack.start();
});

afterEach(() => {
  standin.reset();
  fake.reset();
});

afterAll(async () => {
  await slack.stop();
  await http.close();
  await standin.close();
});

const post = (kind: 'command' | 'interaction' | 'event', body: object | string, options = {}) =>
  postToSlackApp(baseUrl, kind, body, { secret: SECRET, ...options });

/** Runs a slash command and returns what Steward answered through the response_url. */
async function command(text: string, overrides: Parameters<typeof slashCommandBody>[0] = {}) {
  responses += 1;
  const id = `cmd-${responses}`;
  const response = await post(
    'command',
    slashCommandBody({ text, response_url: standin.responseUrl(id), ...overrides }),
  );
  expect(response.status).toBe(200);
  const reply = (await standin.waitForResponse(id)) as { text: string; response_type: string; blocks?: unknown[] };
  return reply;
}

const methods = (calls: RecordedCall[]) => calls.map((call) => call.method);

describe('/steward', () => {
  it('answers help ephemerally with the commands', async () => {
    const reply = await command('help');
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply.blocks)).toContain('/steward scorecard REF');
    expect(textOf(reply.blocks)).toContain('/steward new');
    expect(fake.calls).toEqual([]);
  });

  it('answers an unknown subcommand with the usage, and never calls a service', async () => {
    const reply = await command('frobnicate ACME-2026-001');
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Steward has no `frobnicate` command');
    expect(textOf(reply.blocks)).toContain('/steward help');
    expect(fake.calls).toEqual([]);
  });

  it('answers malformed arguments with that subcommand’s usage, and writes nothing', async () => {
    const reply = await command('link ACME-2026-001 sideways');
    expect(reply.text).toContain('Usage: /steward link REF internal|vendor');
    const missing = await command('status ACME-2026-001');
    expect(missing.text).toContain('The new status is missing.');
    expect(fake.calls).toEqual([]);
  });

  it('passes decoded filters and the acting person to the service', async () => {
    await command('list status:active owner:<@U0BOB|bob> vendor:"$where: this.a &gt; 1"');
    expect(fake.calls).toHaveLength(1);
    const [actor, filter] = fake.calls[0]!.args as [Actor, unknown];
    // Operators stay text for the service; Slack's &gt; is undone.
    expect(filter).toEqual({ status: 'active', owner: 'U0BOB', vendor: '$where: this.a > 1' });
    expect(actor).toMatchObject({
      person: { slackUserId: 'U0ALICE', slackTeamId: TEST_WORKSPACE.teamId, name: 'Alice Example' },
      external: false,
      channel: { channelId: TEST_WORKSPACE.channel.id, shared: false },
    });
  });

  it('refuses a vendor’s management command politely and records the refusal', async () => {
    const reply = await command('new', {
      user_id: 'U0VENDOR',
      user_name: 'vera',
      team_id: 'T0PARTNER',
      channel_id: SHARED_CHANNEL,
    });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('is for the contract team');
    expect(methods(fake.calls)).toEqual(['audit.recordRefusal']);
    const [actor, what] = fake.calls[0]!.args as [Actor, string];
    expect(actor).toMatchObject({ external: true, person: { slackUserId: 'U0VENDOR' }, channel: { shared: true } });
    expect(what).toBe('/steward new');
    expect(standin.callsTo('views.open')).toHaveLength(0);
  });

  it('knows a Slack Connect user by their own team even when the command carries ours', async () => {
    const reply = await command('status ACME-2026-001 closed', { user_id: 'U0VENDOR', channel_id: SHARED_CHANNEL });
    expect(reply.text).toContain('is for the contract team');
    expect(fake.calls[0]).toMatchObject({
      method: 'audit.recordRefusal',
      args: [{ external: true }, '/steward status', 'ACME-2026-001'],
    });
  });

  it('lets a vendor see the scorecard, without internal-only KPIs in a shared channel', async () => {
    const reply = await command('scorecard ACME-2026-001', {
      user_id: 'U0VENDOR',
      team_id: 'T0PARTNER',
      channel_id: SHARED_CHANNEL,
    });
    expect(methods(fake.calls)).toEqual(['contracts.scorecard']);
    expect(textOf(reply.blocks)).toContain('Service availability');
    expect(textOf(reply.blocks)).not.toContain('Internal margin leakage');
  });

  it('opens the contract modal at once for /steward new', async () => {
    const response = await post('command', slashCommandBody({ text: 'new', response_url: standin.responseUrl('new') }));
    expect(response.status).toBe(200);
    const open = await standin.waitFor('views.open');
    expect(open.ok).toBe(true);
    expect(open.body.view).toMatchObject({ callback_id: 'contract_create_view' });
  });

  it('tells the user the service’s refusal when a command fails', async () => {
    fake.services.contracts.changeStatus = async () => {
      throw new StewardError('invalid_transition', 'A closed contract cannot become active again.');
    };
    const reply = await command('status ACME-2026-001 active');
    expect(reply.text).toBe('A closed contract cannot become active again.');
  });

  it('answers anything else with a short apology (the details go to the log)', async () => {
    fake.services.contracts.list = async () => {
      throw new Error('connection to the database was lost at 10.0.0.7');
    };
    const reply = await command('list');
    expect(reply.text).toBe(APOLOGY);
  });
});

describe('direct messages', () => {
  it('opens a DM with a colleague or a vendor we share a channel with, and gives up on a stranger', async () => {
    expect(await slack.surface.directDestination({ slackUserId: 'U0BOB' })).toMatchObject({
      surface: 'slack',
      channelId: expect.stringMatching(/^D/),
      purpose: 'direct',
    });
    expect(await slack.surface.directDestination({ slackUserId: 'U0VENDOR' })).not.toBeNull();
    // A refusal says why, so the services can remember the person as unreachable instead of asking again.
    await expect(slack.surface.directDestination({ slackUserId: 'U0STRANGER' })).rejects.toMatchObject({
      name: 'DeliveryFailure',
      kind: 'unreachable',
      method: 'conversations.open',
      target: { kind: 'person', id: 'U0STRANGER' },
    });
    expect(await slack.surface.directDestination({ email: 'someone@example.com' })).toBeNull();
  });
});

describe('check-in prompts', () => {
  const destination = { surface: 'slack' as const, channelId: KPI_CHANNEL, purpose: 'internal' as const };

  it('posts with metadata, is found again after a crash, and is updated in place after a score', async () => {
    const since = new Date(Date.now() - 1000);
    const posted = await slack.surface.postCheckinPrompt(destination, prompt(), {
      promptKey: 'ACME-2026-001:2026-03:U0ALICE',
    });
    const stored = standin.message(KPI_CHANNEL, posted.messageId);
    expect(stored?.metadata).toEqual({
      event_type: 'steward_checkin_prompt',
      event_payload: { promptKey: 'ACME-2026-001:2026-03:U0ALICE' },
    });
    expect(await slack.surface.findPostedPrompt(destination, 'ACME-2026-001:2026-03:U0ALICE', since)).toEqual(posted);
    expect(await slack.surface.findPostedPrompt(destination, 'another-key', since)).toBeNull();

    // Submit score → the modal opens with the trigger.
    const click = blockActionPayload({
      action_id: 'checkin_open_score',
      value: 'chk-1',
      channel: { id: KPI_CHANNEL, name: 'acme-kpis' },
      message: { ts: posted.messageId, text: stored?.text, blocks: stored?.blocks },
      response_url: standin.responseUrl('click'),
    });
    expect((await post('interaction', click)).status).toBe(200);
    await standin.waitFor('views.open');
    const modal = standin.views()[0];
    expect(modal?.callback_id).toBe('checkin_submit_score');
    expect(methods(fake.calls)).toEqual(['checkins.openScoreForm']);

    // A validation error comes back next to the value field; the modal stays open.
    fake.services.checkins.submitScore = async () => {
      throw new StewardError('validation', 'Value must be a duration of 0 or more in h, like 4.5.', {
        fieldErrors: { value: 'Value must be a duration of 0 or more in h, like 4.5.' },
      });
    };
    const submission = (value: string) =>
      viewSubmissionPayload({
        callback_id: 'checkin_submit_score',
        private_metadata: modal?.private_metadata,
        values: stateValues({
          value: { value: { type: 'number_input', value } },
          comment: { comment: '<!channel> {"$gt": ""}' },
        }),
        view: { blocks: modal?.blocks as never },
      });
    const refused = await post('interaction', submission('-3'));
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      response_action: 'errors',
      errors: { value: 'Value must be a duration of 0 or more in h, like 4.5.' },
    });

    // A good score closes the modal, and the prompt shows value, RAG and who answered.
    const scored = fakeServices().services.checkins.submitScore;
    const seen: unknown[] = [];
    fake.services.checkins.submitScore = async (actor, checkinId, input) => {
      seen.push(input);
      return scored(actor, checkinId, input);
    };
    const accepted = await post('interaction', submission('3.5'));
    expect(accepted.status).toBe(200);
    expect(accepted.text).toBe('');
    expect(seen).toEqual([{ value: '3.5', comment: '<!channel> {"$gt": ""}' }]);
    const update = await standin.waitFor('chat.update');
    expect(update.ok).toBe(true);
    const updated = standin.message(KPI_CHANNEL, posted.messageId);
    const shown = textOf(updated?.blocks);
    expect(shown).toContain(':large_green_circle: *Green*');
    expect(shown).toContain('*3.5 h*');
    expect(shown).toContain('Answered by <@U0ALICE>');
    expect(shown).toContain('"action_id":"score_correct"');
    expect(shown).not.toContain('checkin_open_score');
    expect(updated?.metadata?.event_type).toBe('steward_checkin_prompt');
  });

  it('puts other refusals on the first field so the person reads why', async () => {
    fake.services.checkins.submitScore = async () => {
      throw new StewardError('already_answered', 'Bob already answered this check-in.');
    };
    const response = await post(
      'interaction',
      viewSubmissionPayload({
        callback_id: 'checkin_submit_score',
        private_metadata: JSON.stringify({ subject: 'chk-1' }),
        values: stateValues({ value: { value: { type: 'number_input', value: '4' } } }),
        view: {
          blocks: [
            {
              type: 'input',
              block_id: 'value',
              label: { type: 'plain_text', text: 'v' },
              element: { type: 'number_input', action_id: 'value', is_decimal_allowed: true },
            },
          ] as never,
        },
      }),
    );
    expect(response.body).toEqual({
      response_action: 'errors',
      errors: { value: 'Bob already answered this check-in.' },
    });
  });

  it('retries a Slack 5xx within the configured policy', async () => {
    standin.failNext('chat.postMessage', { status: 503 });
    const posted = await slack.surface.postCheckinPrompt(destination, prompt([checkinItem({ checkinId: 'chk-9' })]), {
      promptKey: 'k-9',
    });
    expect(standin.callsTo('chat.postMessage').map((call) => call.status)).toEqual([503, 200]);
    expect(standin.message(KPI_CHANNEL, posted.messageId)).toBeDefined();
  });
});

describe('a slow service', () => {
  const later = <T>(ms: number, value: () => T | Promise<T>) =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value()), ms));

  it('gets a "one moment" modal while the trigger is valid, then the real one', async () => {
    const original = fake.services.checkins.openScoreForm;
    fake.services.checkins.openScoreForm = (actor, checkinId) => later(500, () => original(actor, checkinId));
    const click = blockActionPayload({
      action_id: 'checkin_open_score',
      value: 'chk-1',
      response_url: standin.responseUrl('slow'),
    });
    expect((await post('interaction', click)).status).toBe(200);
    const opened = await standin.waitFor('views.open');
    expect(opened.body.view).toMatchObject({ callback_id: 'steward_notice_view' });
    const updated = await standin.waitFor('views.update');
    expect(updated.body.view).toMatchObject({ callback_id: 'checkin_submit_score' });
  });

  it('closes the modal at the deadline and says privately when the score was saved', async () => {
    const original = fake.services.checkins.submitScore;
    fake.services.checkins.submitScore = (actor, checkinId, input) =>
      later(500, () => original(actor, checkinId, input));
    const response = await post(
      'interaction',
      viewSubmissionPayload({
        callback_id: 'checkin_submit_score',
        private_metadata: JSON.stringify({ subject: 'chk-1' }),
        values: stateValues({ value: { value: { type: 'number_input', value: '4' } } }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const told = await standin.waitFor('chat.postMessage');
    expect(told.body).toMatchObject({
      channel: TEST_WORKSPACE.user.id,
      text: expect.stringContaining('Score saved: 3.5 h'),
    });
  });
});

describe('escalations', () => {
  it('posts the thread root and redraws it in place when acknowledged', async () => {
    const destination = { surface: 'slack' as const, channelId: KPI_CHANNEL, purpose: 'internal' as const };
    const { escalation } = await import('./fixtures');
    const posted = await slack.surface.postEscalation(destination, escalation());
    expect(posted.threadId).toBe(posted.messageId);
    const stored = standin.message(KPI_CHANNEL, posted.messageId);
    expect(stored?.text).toContain('<@U0BOB>');

    const click = blockActionPayload({
      action_id: 'escalation_acknowledge',
      value: 'esc-1',
      user: { id: 'U0BOB', username: 'bob', name: 'bob', team_id: TEST_WORKSPACE.teamId },
      channel: { id: KPI_CHANNEL, name: 'acme-kpis' },
      message: { ts: posted.messageId, blocks: stored?.blocks },
      response_url: standin.responseUrl('ack'),
    });
    expect((await post('interaction', click)).status).toBe(200);
    await standin.waitFor('chat.update');
    // The fake service redraws nothing (it never calls onRedrawn), so the listener draws the root itself.
    expect(fake.calls[0]).toMatchObject({
      method: 'escalations.acknowledge',
      args: [{ person: { slackUserId: 'U0BOB' } }, 'esc-1', { onRedrawn: expect.any(Function) }],
    });
    const shown = textOf(standin.message(KPI_CHANNEL, posted.messageId)?.blocks);
    expect(shown).toContain('Status: *acknowledged*');
    expect(shown).not.toContain('escalation_acknowledge');

    await expect(
      slack.surface.postEscalation({ ...destination, channelId: SHARED_CHANNEL, purpose: 'vendor' }, escalation()),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('scorecard digests', () => {
  it('posts the full scorecard internally and the vendor view into a vendor channel', async () => {
    const { scorecard } = await import('./fixtures');
    const digest = { heading: 'March 2026 review <!channel>', scorecard: scorecard() };
    const internal = await slack.surface.postScorecard(
      { surface: 'slack', channelId: KPI_CHANNEL, purpose: 'internal' },
      digest,
    );
    const shared = await slack.surface.postScorecard(
      { surface: 'slack', channelId: SHARED_CHANNEL, purpose: 'vendor' },
      digest,
    );
    const internalText = textOf(standin.message(KPI_CHANNEL, internal.messageId)?.blocks);
    const sharedText = textOf(standin.message(SHARED_CHANNEL, shared.messageId)?.blocks);
    expect(internalText).toContain('Internal margin leakage');
    expect(internalText).toContain('March 2026 review &lt;!channel&gt;');
    expect(sharedText).toContain('Service availability');
    expect(sharedText).not.toContain('Internal margin leakage');
  });
});

describe('events', () => {
  it('publishes App Home once for an event delivered twice', async () => {
    const envelope = eventEnvelope({ event_id: 'Ev0TWICE' });
    expect((await post('event', envelope)).status).toBe(200);
    expect((await post('event', envelope, { retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    expect((await post('event', eventEnvelope({ event_id: 'Ev0OTHER' }))).status).toBe(200);
    await standin.waitFor('views.publish', { count: 2 });
    expect(methods(fake.calls)).toEqual(['dashboard.home', 'dashboard.home']);
    expect(standin.callsTo('views.publish')).toHaveLength(2);
    const home = standin.homeView(TEST_WORKSPACE.user.id);
    expect(textOf(home?.blocks)).toContain('"action_id":"checkin_open_score"');
  });

  it('answers url_verification with its challenge', async () => {
    const response = await post('event', { type: 'url_verification', challenge: 'c-123', token: 'x' });
    expect(response.body).toEqual({ challenge: 'c-123' });
  });
});

describe('request checks', () => {
  it('refuses a forged signature and a stale timestamp with 401, and keeps serving', async () => {
    const body = slashCommandBody({ text: 'help', response_url: standin.responseUrl('forged') });
    expect((await postToSlackApp(baseUrl, 'command', body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await post('command', body, { timestamp: unixSeconds() - 6 * 60 })).status).toBe(401);
    expect(standin.responsesTo('forged')).toEqual([]);
    expect((await command('help')).response_type).toBe('ephemeral');
  });

  it('refuses malformed bodies with 4xx and keeps serving', async () => {
    expect((await post('event', '{not json')).status).toBe(400);
    expect((await post('interaction', 'payload=%7Bnot-json')).status).toBe(400);
    expect((await command('help')).response_type).toBe('ephemeral');
    expect(fake.calls).toEqual([]);
  });

  it('answers other paths under /slack with 404', async () => {
    expect((await fetch(`${baseUrl}/slack/events`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/slack/elsewhere`, { method: 'POST' })).status).toBe(404);
  });
});
