import { createHmac } from 'node:crypto';
import type {
  BlockAction,
  EnvelopedEvent,
  SlashCommand,
  ViewOutput,
  ViewStateValue,
  ViewSubmitAction,
} from '@slack/bolt';
import { TEST_WORKSPACE } from './slack-standin';

/**
 * Requests shaped and signed the way Slack sends them to an app's Request URL, so end-to-end tests
 * drive Bolt's real HTTP receiver (signature check, body parsing, ack) instead of calling listeners directly.
 *
 * Each builder takes overrides after the bolt-ts starter template's `buildArguments` habit: a test states only
 * what matters to it. Default `response_url`s point at hooks.slack.com on purpose: a test that forgets to aim
 * them at the stand-in (`standin.responseUrl(id)`) fails loudly on the loopback-only network guard.
 */

export type SlackRequestKind = 'command' | 'interaction' | 'event';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

let sequence = 0;
const next = (): number => {
  sequence += 1;
  return sequence;
};

/** Unix seconds, the unit of `x-slack-request-timestamp`. */
export const unixSeconds = (ms: number = Date.now()): number => Math.floor(ms / 1000);

/**
 * Slack's v0 signing scheme: HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the app's signing secret.
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 * Pass an old `timestamp` (seconds) to forge a stale request; Bolt refuses anything older than 5 minutes.
 */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestamp: number = unixSeconds(),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** A trigger id in Slack's shape (`digits.digits.hex`), unique within the test run. */
export function newTriggerId(): string {
  const n = next();
  return `${1_000_000_000 + n}.1234567890.${n.toString(16).padStart(32, '0')}`;
}

function actionTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Slash commands: form-encoded fields, exactly the set Slack posts.
// https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling

export type SlashCommandOverrides = Partial<SlashCommand>;

export function slashCommandBody(overrides: SlashCommandOverrides = {}): SlashCommand {
  const n = next();
  const body: SlashCommand = {
    token: TEST_WORKSPACE.verificationToken,
    team_id: TEST_WORKSPACE.teamId,
    team_domain: TEST_WORKSPACE.teamDomain,
    channel_id: TEST_WORKSPACE.channel.id,
    channel_name: TEST_WORKSPACE.channel.name,
    user_id: TEST_WORKSPACE.user.id,
    user_name: TEST_WORKSPACE.user.name,
    command: '/steward',
    text: '',
    api_app_id: TEST_WORKSPACE.appId,
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${TEST_WORKSPACE.teamId}/${n}/slash-command-${n}`,
    trigger_id: newTriggerId(),
    ...overrides,
  };
  // Slack only sends enterprise fields for Enterprise Grid workspaces.
  if (body.enterprise_id === undefined) delete body.enterprise_id;
  if (body.enterprise_name === undefined) delete body.enterprise_name;
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Interactions: `payload=<json>` form field.
// https://docs.slack.dev/reference/interaction-payloads/block_actions-payload

interface PayloadUser {
  id?: string;
  name?: string;
  username?: string;
  team_id?: string;
}

interface PayloadTeam {
  id: string;
  domain: string;
  enterprise_id?: string;
  enterprise_name?: string;
}

export interface BlockActionOverrides {
  action_id?: string;
  value?: string;
  block_id?: string;
  /** The whole action element when it is not a button (a select, a datepicker, …); merged over the default. */
  action?: Record<string, unknown>;
  user?: PayloadUser;
  team?: PayloadTeam | null;
  channel?: { id: string; name: string };
  message?: Record<string, unknown>;
  container?: Record<string, unknown>;
  trigger_id?: string;
  response_url?: string;
  /** A block action inside a modal or App Home: then there is no channel, message or response_url. */
  view?: Partial<ViewOutput>;
  state?: BlockAction['state'];
  api_app_id?: string;
  enterprise?: { id: string; name: string };
  is_enterprise_install?: boolean;
}

export function blockActionPayload(overrides: BlockActionOverrides = {}): BlockAction {
  const n = next();
  const user = {
    id: TEST_WORKSPACE.user.id,
    username: TEST_WORKSPACE.user.name,
    name: TEST_WORKSPACE.user.name,
    team_id: TEST_WORKSPACE.teamId,
    ...overrides.user,
  };
  const team = overrides.team === undefined ? defaultTeam() : overrides.team;
  const block_id = overrides.block_id ?? 'steward_block';
  const action = {
    type: 'button',
    action_id: overrides.action_id ?? 'steward_action',
    block_id,
    text: { type: 'plain_text', text: 'Button', emoji: true },
    value: overrides.value ?? 'value',
    action_ts: actionTs(),
    ...overrides.action,
  } as BlockAction['actions'][number];
  const base = {
    type: 'block_actions' as const,
    user,
    api_app_id: overrides.api_app_id ?? TEST_WORKSPACE.appId,
    token: TEST_WORKSPACE.verificationToken,
    trigger_id: overrides.trigger_id ?? newTriggerId(),
    team,
    enterprise: overrides.enterprise,
    is_enterprise_install: overrides.is_enterprise_install ?? false,
    actions: [action],
  };
  if (overrides.view) {
    const view = viewOutput(overrides.view);
    // Slack sends no response_url for actions inside a modal or Home tab, though Bolt's type requires one.
    return {
      ...base,
      container: overrides.container ?? { type: 'view', view_id: view.id },
      view,
      state: overrides.state ?? view.state,
      ...(overrides.response_url === undefined ? {} : { response_url: overrides.response_url }),
    } as BlockAction;
  }
  const channel = overrides.channel ?? { ...TEST_WORKSPACE.channel };
  const messageTs = typeof overrides.message?.ts === 'string' ? overrides.message.ts : actionTs();
  const message = {
    type: 'message' as const,
    user: TEST_WORKSPACE.botUserId,
    bot_id: TEST_WORKSPACE.botId,
    app_id: TEST_WORKSPACE.appId,
    team: TEST_WORKSPACE.teamId,
    text: 'message',
    blocks: [],
    ts: messageTs,
    ...overrides.message,
  };
  return {
    ...base,
    container: overrides.container ?? {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: false,
    },
    channel,
    message,
    state: overrides.state ?? { values: {} },
    response_url:
      overrides.response_url ?? `https://hooks.slack.com/actions/${TEST_WORKSPACE.teamId}/${n}/block-action-${n}`,
  };
}

export type StateValues = ViewOutput['state']['values'];

/**
 * Shorthand for `view.state.values`: a string stands for a plain_text_input's value,
 * anything else is passed through as the element's state.
 */
export function stateValues(values: Record<string, Record<string, string | ViewStateValue>>): StateValues {
  const out: StateValues = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block: Record<string, ViewStateValue> = {};
    for (const [actionId, value] of Object.entries(actions)) {
      block[actionId] = typeof value === 'string' ? { type: 'plain_text_input', value } : value;
    }
    out[blockId] = block;
  }
  return out;
}

/** A view as Slack echoes it back in interaction payloads. */
export function viewOutput(overrides: Partial<ViewOutput> = {}): ViewOutput {
  const n = next();
  return {
    id: `V${String(n).padStart(10, '0')}`,
    team_id: TEST_WORKSPACE.teamId,
    app_installed_team_id: TEST_WORKSPACE.teamId,
    type: 'modal',
    callback_id: 'steward_view',
    title: { type: 'plain_text', text: 'Steward', emoji: true },
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    close: { type: 'plain_text', text: 'Cancel', emoji: true },
    blocks: [],
    private_metadata: '',
    state: { values: {} },
    hash: `${unixSeconds()}.${n.toString(36).padStart(8, '0')}`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: null,
    previous_view_id: null,
    app_id: TEST_WORKSPACE.appId,
    external_id: '',
    bot_id: TEST_WORKSPACE.botId,
    ...overrides,
  };
}

export interface ViewSubmissionOverrides {
  callback_id?: string;
  private_metadata?: string;
  /** `view.state.values`; see `stateValues()` for a shorthand. */
  values?: StateValues;
  user?: PayloadUser;
  team?: PayloadTeam | null;
  view_id?: string;
  hash?: string;
  /** Any other view field (blocks, title, external_id, root_view_id, …). */
  view?: Partial<ViewOutput>;
  trigger_id?: string;
  response_urls?: ViewSubmitAction['response_urls'];
  api_app_id?: string;
  enterprise?: { id: string; name: string };
  is_enterprise_install?: boolean;
}

// https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
export function viewSubmissionPayload(overrides: ViewSubmissionOverrides = {}): ViewSubmitAction {
  const viewOverrides: Partial<ViewOutput> = { ...overrides.view };
  if (overrides.callback_id !== undefined) viewOverrides.callback_id = overrides.callback_id;
  if (overrides.private_metadata !== undefined) viewOverrides.private_metadata = overrides.private_metadata;
  if (overrides.values !== undefined) viewOverrides.state = { values: overrides.values };
  if (overrides.view_id !== undefined) viewOverrides.id = overrides.view_id;
  if (overrides.hash !== undefined) viewOverrides.hash = overrides.hash;
  return {
    type: 'view_submission',
    team: overrides.team === undefined ? defaultTeam() : overrides.team,
    user: {
      id: TEST_WORKSPACE.user.id,
      username: TEST_WORKSPACE.user.name,
      name: TEST_WORKSPACE.user.name,
      team_id: TEST_WORKSPACE.teamId,
      ...overrides.user,
    } as ViewSubmitAction['user'],
    api_app_id: overrides.api_app_id ?? TEST_WORKSPACE.appId,
    token: TEST_WORKSPACE.verificationToken,
    trigger_id: overrides.trigger_id ?? newTriggerId(),
    view: viewOutput(viewOverrides),
    response_urls: overrides.response_urls ?? [],
    is_enterprise_install: overrides.is_enterprise_install ?? false,
    enterprise: overrides.enterprise,
  };
}

function defaultTeam(): PayloadTeam {
  return { id: TEST_WORKSPACE.teamId, domain: TEST_WORKSPACE.teamDomain };
}

// ---------------------------------------------------------------------------------------------------------------
// Events API: JSON envelopes.
// https://docs.slack.dev/apis/events-api/#callback-field

export interface EventAuthorization {
  enterprise_id: string | null;
  team_id: string | null;
  user_id: string;
  is_bot: boolean;
  is_enterprise_install?: boolean;
}

export interface EventEnvelopeOverrides<E extends { type: string }> {
  event?: E;
  event_id?: string;
  event_time?: number;
  team_id?: string;
  enterprise_id?: string;
  api_app_id?: string;
  /** True when the event happened in a Slack Connect channel. */
  is_ext_shared_channel?: boolean;
  /** The team (and Grid org) the channel belongs to; differs from `team_id` for some Slack Connect events. */
  context_team_id?: string;
  context_enterprise_id?: string;
  authorizations?: EventAuthorization[];
}

interface AppHomeOpenedEvent {
  type: 'app_home_opened';
  user: string;
  channel: string;
  tab: 'home' | 'messages';
  event_ts: string;
}

export function eventEnvelope<E extends { type: string } = AppHomeOpenedEvent>(
  overrides: EventEnvelopeOverrides<E> = {},
): EnvelopedEvent<E> {
  const n = next();
  const teamId = overrides.team_id ?? TEST_WORKSPACE.teamId;
  const event =
    overrides.event ??
    ({
      type: 'app_home_opened',
      user: TEST_WORKSPACE.user.id,
      channel: 'D0ALICEDM',
      tab: 'home',
      event_ts: actionTs(),
    } as unknown as E);
  const envelope: EnvelopedEvent<E> = {
    token: TEST_WORKSPACE.verificationToken,
    team_id: teamId,
    context_team_id: overrides.context_team_id ?? teamId,
    context_enterprise_id: overrides.context_enterprise_id,
    api_app_id: overrides.api_app_id ?? TEST_WORKSPACE.appId,
    event,
    type: 'event_callback',
    event_id: overrides.event_id ?? `Ev${String(n).padStart(9, '0')}`,
    event_time: overrides.event_time ?? unixSeconds(),
    authorizations: overrides.authorizations ?? [
      {
        enterprise_id: overrides.enterprise_id ?? null,
        team_id: teamId,
        user_id: TEST_WORKSPACE.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: overrides.is_ext_shared_channel ?? false,
  };
  if (overrides.enterprise_id !== undefined) envelope.enterprise_id = overrides.enterprise_id;
  return envelope;
}

/** The handshake Slack sends when a Request URL is saved. */
export function urlVerificationBody(challenge = 'challenge-token'): {
  token: string;
  challenge: string;
  type: 'url_verification';
} {
  return { token: TEST_WORKSPACE.verificationToken, challenge, type: 'url_verification' };
}

// ---------------------------------------------------------------------------------------------------------------
// Options for an external select: `payload=<json>` like any interaction, sent to the options load URL.
// https://docs.slack.dev/reference/interaction-payloads/block_suggestion-payload

export interface BlockSuggestionOverrides {
  action_id: string;
  block_id: string;
  /** What the person has typed so far ('' when the menu just opened and min_query_length is 0). */
  value: string;
  user?: PayloadUser;
  team?: PayloadTeam | null;
  channel?: { id: string; name: string };
  /** The message holding the select; absent for a select in a modal or Home tab (then `view`). */
  message?: Record<string, unknown>;
  view?: Partial<ViewOutput>;
}

/**
 * A `block_suggestion` exactly as Slack sends it when a person opens or types into an external_select: who, the
 * block and action ids, the typed `value`, and where the select is (a message's `container`, `channel` and
 * `message`, or a view's). It carries no trigger_id and no response_url: only an options answer goes back.
 */
export function blockSuggestionPayload(overrides: BlockSuggestionOverrides): Record<string, unknown> {
  const user = {
    id: TEST_WORKSPACE.user.id,
    username: TEST_WORKSPACE.user.name,
    name: TEST_WORKSPACE.user.name,
    team_id: TEST_WORKSPACE.teamId,
    ...overrides.user,
  };
  const base = {
    type: 'block_suggestion',
    user,
    api_app_id: TEST_WORKSPACE.appId,
    token: TEST_WORKSPACE.verificationToken,
    action_id: overrides.action_id,
    block_id: overrides.block_id,
    value: overrides.value,
    team: overrides.team === undefined ? defaultTeam() : overrides.team,
    enterprise: null,
    is_enterprise_install: false,
  };
  if (overrides.view) {
    const view = viewOutput(overrides.view);
    return { ...base, container: { type: 'view', view_id: view.id }, view };
  }
  const channel = overrides.channel ?? { ...TEST_WORKSPACE.channel };
  // An ephemeral message (Steward's private answers) is not sent back: Slack keeps no copy of it.
  if (!overrides.message) {
    return {
      ...base,
      container: { type: 'message', message_ts: actionTs(), channel_id: channel.id, is_ephemeral: true },
      channel,
      state: { values: {} },
    };
  }
  const message = {
    type: 'message',
    user: TEST_WORKSPACE.botUserId,
    bot_id: TEST_WORKSPACE.botId,
    app_id: TEST_WORKSPACE.appId,
    team: TEST_WORKSPACE.teamId,
    text: 'message',
    blocks: [],
    ts: actionTs(),
    ...overrides.message,
  };
  return {
    ...base,
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
    channel,
    message,
    state: { values: {} },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding and posting.

/**
 * The raw body and content type Slack uses for each kind of request: commands are form fields,
 * interactions a single `payload` form field holding JSON, events a JSON document.
 * A string body is sent as it is (to test malformed bodies).
 */
export function encodeSlackRequest(
  kind: SlackRequestKind,
  body: object | string,
): { rawBody: string; contentType: string } {
  const contentType = kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded';
  if (typeof body === 'string') return { rawBody: body, contentType };
  if (kind === 'event') return { rawBody: JSON.stringify(body), contentType };
  if (kind === 'interaction') {
    return { rawBody: new URLSearchParams({ payload: JSON.stringify(body) }).toString(), contentType };
  }
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined && value !== null) form.append(key, String(value));
  }
  return { rawBody: form.toString(), contentType };
}

export interface PostToSlackAppOptions {
  secret: string;
  /** Seconds since the epoch for `x-slack-request-timestamp`; defaults to now. */
  timestamp?: number;
  /** Sent instead of the computed signature, to forge a request. */
  signature?: string;
  /** Events API retry headers. */
  retryNum?: number;
  retryReason?: string;
  /** Defaults to Bolt's `/slack/events`. */
  path?: string;
  headers?: Record<string, string>;
}

export interface SlackAppResponse {
  status: number;
  /** Parsed JSON when the app answered JSON, otherwise the text ('' for an empty ack). */
  body: unknown;
  text: string;
  headers: Record<string, string>;
}

export async function postToSlackApp(
  baseUrl: string,
  kind: SlackRequestKind,
  body: object | string,
  options: PostToSlackAppOptions,
): Promise<SlackAppResponse> {
  const { rawBody, contentType } = encodeSlackRequest(kind, body);
  const signed = signSlackRequest(options.secret, rawBody, options.timestamp);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signed,
    ...options.headers,
  };
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`, {
    method: 'POST',
    headers,
    body: rawBody,
  });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, text, headers: Object.fromEntries(response.headers.entries()) };
}
