import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Slack Web API. Tests aim the official client at it with
 * `clientOptions: { slackApiUrl: standin.apiUrl }` (Steward: SLACK_API_URL); @slack/web-api builds
 * every request URL as `slackApiUrl + method`, so `apiUrl` ends with '/api/' like https://slack.com/api/.
 *
 * It answers the methods Steward uses with the shapes Slack documents (`ok`, `error`, ids, timestamps),
 * keeps the messages, views and files it was given, records every call in order, and can fail on demand:
 * rate limits with Retry-After, HTTP errors, platform errors.
 */

/** The workspace the stand-in and the request builders (slack-requests.ts) agree on. */
export const TEST_WORKSPACE = {
  teamId: 'T0STEWARD',
  teamName: 'Steward Test',
  teamDomain: 'steward-test',
  appId: 'A0STEWARD',
  botId: 'B0STEWARD',
  botUserId: 'U0STEWARDBOT',
  botName: 'steward',
  verificationToken: 'verification-token',
  user: { id: 'U0ALICE', name: 'alice' },
  channel: { id: 'C0GENERAL', name: 'general' },
} as const;

export type SlackBody = Record<string, unknown>;

export interface StandinUser {
  id: string;
  team_id: string;
  enterprise_id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: Record<string, unknown>;
}

export interface StandinChannel {
  id: string;
  name?: string;
  is_private?: boolean;
  /** A Slack Connect channel shared with other organisations. */
  is_ext_shared?: boolean;
  /** The workspace that owns the channel (differs from ours for some Slack Connect channels). */
  context_team_id?: string;
  /** User ids in the channel. An external user in a channel's members counts as sharing a channel with us. */
  members?: string[];
  /** Set false to have posts fail with `not_in_channel`. */
  is_member?: boolean;
  /** For DMs (is_im): the other user. */
  user?: string;
  is_im?: boolean;
  is_mpim?: boolean;
}

export interface StoredMessage extends SlackBody {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  user: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions?: Array<{ name: string; users: string[]; count: number }>;
  files?: SlackBody[];
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface StoredView extends SlackBody {
  id: string;
  type: string;
  hash: string;
  /** For App Home views: whose Home tab. */
  user_id?: string;
  external_id: string;
  private_metadata: string;
  callback_id: string;
  blocks: unknown[];
  root_view_id: string;
  previous_view_id: string | null;
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  length: number;
  alt_text?: string;
  content?: Buffer;
  completed: boolean;
  /** Who uploaded it: the bot (files.uploadV2) unless a person attached it to a `file_input`. */
  user?: string;
  /** Set when the file was deleted: files.info answers file_deleted and its link 404s. */
  deleted?: boolean;
}

/** A private file download as Slack served it: the file and the token it came with (undefined: none). */
export interface StandinDownload {
  fileId: string;
  token: string | undefined;
  status: number;
}

export interface StandinCall {
  method: string;
  /** The decoded request: form fields with the JSON-encoded ones (blocks, metadata, view, …) parsed. */
  body: SlackBody;
  /** From `Authorization: Bearer …`, or the `token` form field. */
  token: string | undefined;
  /** When the request arrived, from the stand-in's clock (ms). */
  at: number;
  /** HTTP status answered. */
  status: number;
  /** Whether the answer was `ok: true`. */
  ok: boolean;
  error?: string;
  response: SlackBody;
}

export interface ResponseUrlPost {
  body: unknown;
  at: number;
}

export type InjectedFailure =
  /** HTTP 429 with Retry-After, as Slack rate limits. */
  | { status: 429; retryAfterSeconds?: number }
  /** Any other HTTP status (500, 503, …). */
  | { status: number }
  /** HTTP 200 with `ok: false` and this error code, like a platform error. */
  | { error: string; extra?: SlackBody };

export interface ChannelRateLimit {
  /** Sustained posts per second per channel (Slack: about 1). */
  perSecond: number;
  /** How many posts may arrive at once before the limit bites; defaults to `perSecond`. */
  burst?: number;
  /** Methods that count as posting; defaults to chat.postMessage. */
  methods?: string[];
}

export interface SlackStandinOptions {
  /** Users besides the default TEST_WORKSPACE.user and the bot user; an entry with the same id replaces a default. */
  users?: StandinUser[];
  /** Channels besides TEST_WORKSPACE.channel. */
  channels?: StandinChannel[];
  /** Accepted tokens; any token is accepted when omitted (a missing token is always `not_authed`). */
  tokens?: string[];
  /**
   * When true, only configured channels and opened DMs exist (`channel_not_found` otherwise).
   * When false (default), any well-formed channel id is taken to exist the first time it is used.
   */
  strictChannels?: boolean;
  /** The Enterprise Grid org of our workspace, if any: its users are not external even on another team. */
  enterpriseId?: string;
  /** The error `conversations.open` answers for an external user who shares no channel with us. */
  externalDmError?: string;
  /** Set false to have `views.publish` fail with `not_enabled`, as when the Home tab is off. */
  homeTabEnabled?: boolean;
  /** Delay before every Web API answer. */
  latencyMs?: number;
  /** The stand-in's clock (ms); message timestamps and rate limits follow it. */
  now?: () => number;
  /** Where `apps.connections.open` sends a Socket Mode client (a SocketModeStandin's url); unset, it fails. */
  socketModeUrl?: () => string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Resolve on the n-th matching call (counting calls already recorded). */
  count?: number;
}

export interface SlackStandin {
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** The value for `slackApiUrl` / SLACK_API_URL: `${baseUrl}/api/`. */
  readonly apiUrl: string;
  readonly calls: readonly StandinCall[];
  /** Calls answered with HTTP 429 (injected, or by `enforceChannelRateLimit`). */
  readonly rejected: readonly StandinCall[];
  callsTo(method: string): StandinCall[];
  /** Calls answered `ok: true`, optionally for one method. */
  accepted(method?: string): StandinCall[];
  /** Messages stored in a channel (or a user's DM, given a user id), oldest first, thread replies included. */
  messagesIn(channel: string): StoredMessage[];
  message(channel: string, ts: string): StoredMessage | undefined;
  ephemeralsIn(channel: string): StoredEphemeral[];
  views(): StoredView[];
  view(id: string): StoredView | undefined;
  homeView(userId: string): StoredView | undefined;
  files(): StoredFile[];
  /**
   * A person attaches a file to a modal's `file_input`: the file is stored, and the object Slack puts in the
   * view's state (`files: [this]`) is returned, with its private download link served here.
   */
  attachFile(userId: string, filename: string, content: Buffer | string): Record<string, unknown>;
  /** The person deletes a file they uploaded. */
  deleteFile(fileId: string): void;
  /** Every private file download asked of the stand-in. */
  downloads(): StandinDownload[];
  /** The DM channel id opened for a user, if any. */
  dmChannelOf(userId: string): string | undefined;
  addUser(user: StandinUser): void;
  addChannel(channel: StandinChannel): void;
  /**
   * Resolves with the matching call once it has been answered (tests use it because the bot works after ack).
   * A method name matches every call to it, failed ones too; match `call.ok` in a predicate to wait for success.
   */
  waitFor(matcher: string | ((call: StandinCall) => boolean), options?: WaitOptions): Promise<StandinCall>;
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  /** Answer 429 past a per-channel posting rate, as Slack does for chat.postMessage; `null` turns it off. */
  enforceChannelRateLimit(limit: ChannelRateLimit | null): void;
  setLatency(ms: number): void;
  /** A response_url on the stand-in; Bolt's `respond()` posts to it directly (not through slackApiUrl). */
  responseUrl(id: string): string;
  responsesTo(id: string): unknown[];
  /** Every response_url post received since the last reset, whatever its id. */
  responseCount(): number;
  waitForResponse(id: string, options?: WaitOptions): Promise<unknown>;
  /** Make a trigger id count as expired (views.open answers `expired_trigger_id`). */
  expireTrigger(triggerId: string): void;
  /** Forget calls, messages, views, files, DMs, injected failures, rate limits and latency; keep users and channels. */
  reset(): void;
  close(): Promise<void>;
}

// @slack/web-api form-encodes arguments and JSON-stringifies any that are objects or arrays; these are decoded back.
const JSON_FIELDS = new Set([
  'attachments',
  'blocks',
  'channel_ids',
  'files',
  'metadata',
  'options',
  'option_groups',
  'unfurls',
  'user_auth_blocks',
  'view',
]);

type Handler = (body: SlackBody, token: string | undefined) => SlackBody;

interface Waiter {
  match: (call: StandinCall) => boolean;
  remaining: number;
  resolve: (call: StandinCall) => void;
}

interface ResponseWaiter {
  id: string;
  remaining: number;
  resolve: (body: unknown) => void;
}

class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: SlackBody = {},
  ) {
    super(code);
  }
}

const fail = (code: string, extra?: SlackBody): never => {
  throw new SlackError(code, extra);
};

const isTrue = (value: unknown): boolean => value === true || value === 'true' || value === '1' || value === 1;

function str(body: SlackBody, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function required(body: SlackBody, key: string): string {
  return (
    str(body, key) ??
    fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] missing required field: ${key}`] } })
  );
}

/** Slack answers a missing channel like an unknown one. */
function channelArg(body: SlackBody): string {
  return str(body, 'channel') ?? fail('channel_not_found');
}

function jsonField<T>(value: unknown): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fail('invalid_json');
  }
}

/** Slack timestamps are "seconds.micros" strings; this orders them (and short forms like "0" or "1700000000"). */
function tsKey(ts: string): string {
  const [seconds = '0', micros = ''] = ts.split('.');
  return `${seconds.padStart(12, '0')}.${micros.padEnd(6, '0')}`;
}

function decodeForm(text: string): SlackBody {
  const body: SlackBody = {};
  for (const [key, value] of new URLSearchParams(text)) {
    body[key] = JSON_FIELDS.has(key) && /^\s*[[{]/.test(value) ? safeJson(value) : value;
  }
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startSlackStandin(options: SlackStandinOptions = {}): Promise<SlackStandin> {
  const now = options.now ?? Date.now;
  const strict = options.strictChannels ?? false;
  const externalDmError = options.externalDmError ?? 'user_not_visible';
  const homeTabEnabled = options.homeTabEnabled ?? true;

  const users = new Map<string, StandinUser>();
  const channels = new Map<string, StandinChannel>();
  const defaultUsers: StandinUser[] = [
    {
      id: TEST_WORKSPACE.botUserId,
      team_id: TEST_WORKSPACE.teamId,
      name: TEST_WORKSPACE.botName,
      real_name: 'Steward',
      is_bot: true,
    },
    {
      id: TEST_WORKSPACE.user.id,
      team_id: TEST_WORKSPACE.teamId,
      name: TEST_WORKSPACE.user.name,
      real_name: 'Alice Example',
      tz: 'Europe/London',
      tz_offset: 0,
    },
  ];
  for (const user of [...defaultUsers, ...(options.users ?? [])]) users.set(user.id, user);
  const configuredChannels: StandinChannel[] = [
    {
      id: TEST_WORKSPACE.channel.id,
      name: TEST_WORKSPACE.channel.name,
      members: [TEST_WORKSPACE.user.id, TEST_WORKSPACE.botUserId],
    },
    ...(options.channels ?? []),
  ];
  for (const channel of configuredChannels) channels.set(channel.id, channel);

  // State that reset() forgets.
  let calls: StandinCall[] = [];
  let messages = new Map<string, StoredMessage[]>();
  let ephemerals = new Map<string, StoredEphemeral[]>();
  let views = new Map<string, StoredView>();
  let homeViews = new Map<string, string>();
  let files = new Map<string, StoredFile>();
  let dms = new Map<string, string>();
  let usedTriggers = new Set<string>();
  let expiredTriggers = new Set<string>();
  let failures = new Map<string, InjectedFailure[]>();
  let rateLimit: ChannelRateLimit | null = null;
  let buckets = new Map<string, { tokens: number; at: number }>();
  let responses = new Map<string, ResponseUrlPost[]>();
  let latencyMs = options.latencyMs ?? 0;
  let lastTsMicros = 0;
  let idCounter = 0;
  let waiters: Waiter[] = [];
  let responseWaiters: ResponseWaiter[] = [];

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(error) });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const nextId = (prefix: string): string => {
    idCounter += 1;
    return `${prefix}0${idCounter.toString(36).toUpperCase().padStart(8, '0')}`;
  };

  /** Unique, increasing "seconds.micros" timestamps, as Slack's message ts. */
  const newTs = (): string => {
    const micros = Math.max(Math.floor(now() * 1000), lastTsMicros + 1);
    lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };

  // Slack Connect: someone from another team is external unless both teams belong to the same Grid org.
  const isExternal = (user: StandinUser): boolean =>
    user.team_id !== TEST_WORKSPACE.teamId &&
    !(options.enterpriseId !== undefined && user.enterprise_id === options.enterpriseId);

  const sharesChannel = (userId: string): boolean =>
    [...channels.values()].some((channel) => !channel.is_im && (channel.members ?? []).includes(userId));

  const openDm = (userId: string): { id: string; alreadyOpen: boolean } => {
    const user = users.get(userId) ?? fail('user_not_found');
    if (user.deleted) fail('user_disabled');
    if (user.is_bot && user.id !== TEST_WORKSPACE.botUserId) fail('cannot_dm_bot');
    // Slack Connect: a DM with someone from another organisation needs a channel already shared with them.
    if (isExternal(user) && !sharesChannel(user.id)) fail(externalDmError);
    const existing = dms.get(userId);
    if (existing) return { id: existing, alreadyOpen: true };
    const id = nextId('D');
    dms.set(userId, id);
    channels.set(id, { id, is_im: true, user: userId, members: [userId, TEST_WORKSPACE.botUserId] });
    return { id, alreadyOpen: false };
  };

  /** A channel id as the caller gave it; a user id means the app's DM with that user, as in chat.postMessage. */
  const resolveChannel = (id: string): string => {
    if (/^[UW]/.test(id)) {
      try {
        return openDm(id).id;
      } catch {
        return fail('channel_not_found');
      }
    }
    if (channels.has(id)) return id;
    if (!strict && /^[CGD][A-Z0-9]{2,}$/.test(id)) {
      channels.set(id, { id, name: id.toLowerCase() });
      return id;
    }
    return fail('channel_not_found');
  };

  const channelMessages = (channel: string): StoredMessage[] => {
    let list = messages.get(channel);
    if (!list) {
      list = [];
      messages.set(channel, list);
    }
    return list;
  };

  const findMessage = (channel: string, ts: string): StoredMessage | undefined =>
    messages.get(channel)?.find((m) => m.ts === ts);

  const botMessage = (channel: string, body: SlackBody, ts: string): StoredMessage => {
    const message: StoredMessage = {
      type: 'message',
      ts,
      channel,
      text: str(body, 'text') ?? '',
      user: TEST_WORKSPACE.botUserId,
      bot_id: TEST_WORKSPACE.botId,
      app_id: TEST_WORKSPACE.appId,
      team: TEST_WORKSPACE.teamId,
      bot_profile: {
        id: TEST_WORKSPACE.botId,
        app_id: TEST_WORKSPACE.appId,
        name: TEST_WORKSPACE.botName,
        team_id: TEST_WORKSPACE.teamId,
        deleted: false,
      },
    };
    const blocks = jsonField<unknown[]>(body.blocks);
    if (blocks) message.blocks = blocks;
    const attachments = jsonField<unknown[]>(body.attachments);
    if (attachments) message.attachments = attachments;
    const metadata = jsonField<StoredMessage['metadata']>(body.metadata);
    if (metadata) {
      if (!metadata.event_type) fail('invalid_metadata_format');
      message.metadata = { event_type: metadata.event_type, event_payload: metadata.event_payload ?? {} };
    }
    return message;
  };

  const renderMessage = (message: StoredMessage, withMetadata = true): SlackBody => {
    const { channel: _channel, metadata, ...rest } = message;
    return withMetadata && metadata ? { ...rest, metadata } : rest;
  };

  const addToThread = (channel: string, threadTs: string, reply: StoredMessage): void => {
    const parent = findMessage(channel, threadTs);
    if (!parent) return;
    parent.thread_ts = parent.ts;
    parent.reply_count = (parent.reply_count ?? 0) + 1;
    parent.reply_users = [...new Set([...(parent.reply_users ?? []), reply.user])];
    parent.latest_reply = reply.ts;
  };

  const postMessage = (channelId: string, message: StoredMessage, body: SlackBody): StoredMessage => {
    const threadTs = str(body, 'thread_ts');
    if (threadTs) {
      message.thread_ts = threadTs;
      if (isTrue(body.reply_broadcast)) message.subtype = 'thread_broadcast';
      addToThread(channelId, threadTs, message);
    }
    channelMessages(channelId).push(message);
    return message;
  };

  const checkPostable = (channelId: string): void => {
    const channel = channels.get(channelId);
    if (channel?.is_member === false) fail('not_in_channel');
  };

  const renderChannel = (channel: StandinChannel): SlackBody => {
    const base = {
      id: channel.id,
      created: Math.floor(now() / 1000),
      is_archived: false,
      is_org_shared: false,
      context_team_id: channel.context_team_id ?? TEST_WORKSPACE.teamId,
      updated: now(),
    };
    if (channel.is_im) {
      return { ...base, is_im: true, is_open: true, user: channel.user, is_user_deleted: false, priority: 0 };
    }
    return {
      ...base,
      name: channel.name ?? channel.id.toLowerCase(),
      name_normalized: channel.name ?? channel.id.toLowerCase(),
      is_channel: !channel.is_private && !channel.is_mpim,
      is_group: Boolean(channel.is_private) && !channel.is_mpim,
      is_im: false,
      is_mpim: Boolean(channel.is_mpim),
      is_private: Boolean(channel.is_private || channel.is_mpim),
      is_general: channel.id === TEST_WORKSPACE.channel.id,
      is_shared: Boolean(channel.is_ext_shared),
      is_ext_shared: Boolean(channel.is_ext_shared),
      is_pending_ext_shared: false,
      is_member: channel.is_member ?? true,
      num_members: channel.members?.length ?? 0,
      creator: TEST_WORKSPACE.user.id,
    };
  };

  const renderUser = (user: StandinUser): SlackBody => {
    const realName = user.real_name ?? user.name ?? user.id;
    const rendered: SlackBody = {
      id: user.id,
      team_id: user.team_id,
      name: user.name ?? user.id.toLowerCase(),
      deleted: Boolean(user.deleted),
      color: '9f69e7',
      real_name: realName,
      tz: user.tz ?? 'America/Los_Angeles',
      tz_label: user.tz ?? 'Pacific Standard Time',
      tz_offset: user.tz_offset ?? -28800,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: user.name ?? '',
        display_name_normalized: user.name ?? '',
        team: user.team_id,
        image_48: `https://avatars.slack-edge.com/${user.id}_48.png`,
        ...user.profile,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: Boolean(user.is_bot),
      is_app_user: false,
      updated: Math.floor(now() / 1000),
    };
    if (user.enterprise_id) {
      rendered.enterprise_user = {
        id: user.id,
        enterprise_id: user.enterprise_id,
        enterprise_name: user.enterprise_id,
        is_admin: false,
        is_owner: false,
        teams: [user.team_id],
      };
    }
    if (isExternal(user)) rendered.is_stranger = !sharesChannel(user.id);
    return rendered;
  };

  const newHash = (): string => `${Math.floor(now() / 1000)}.${nextId('H').slice(2).toLowerCase()}`;

  const viewFromBody = (body: SlackBody): SlackBody => {
    const view = jsonField<SlackBody>(body.view) ?? fail('invalid_arguments');
    if (typeof view.type !== 'string') fail('invalid_arguments');
    return view;
  };

  const storeView = (input: SlackBody, previous: StoredView | undefined, extra: Partial<StoredView>): StoredView => {
    const id = previous?.id ?? nextId('V');
    const stored: StoredView = {
      // What Slack keeps of the submitted view, then its own bookkeeping.
      ...input,
      id,
      team_id: TEST_WORKSPACE.teamId,
      type: String(input.type),
      blocks: Array.isArray(input.blocks) ? input.blocks : [],
      private_metadata: typeof input.private_metadata === 'string' ? input.private_metadata : '',
      callback_id: typeof input.callback_id === 'string' ? input.callback_id : '',
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
      state: { values: {} },
      hash: newHash(),
      clear_on_close: Boolean(input.clear_on_close),
      notify_on_close: Boolean(input.notify_on_close),
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: previous?.previous_view_id ?? null,
      app_id: TEST_WORKSPACE.appId,
      app_installed_team_id: TEST_WORKSPACE.teamId,
      bot_id: TEST_WORKSPACE.botId,
      ...extra,
    };
    // A view over 250 KB is refused; App Home takes at most 100 blocks, modals 100 too.
    if (JSON.stringify(input).length > 250_000) fail('view_too_large');
    if (stored.blocks.length > 100) {
      fail('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] must provide at most 100 items [json-pointer:/view/blocks]'] },
      });
    }
    views.set(stored.id, stored);
    return stored;
  };

  const renderView = (view: StoredView): SlackBody => {
    const { user_id: _user, ...rest } = view;
    return rest;
  };

  const takeTrigger = (body: SlackBody): string => {
    const trigger = required(body, 'trigger_id');
    // A trigger_id works once and for 3 seconds. https://docs.slack.dev/interactivity/handling-user-interaction#modals
    if (expiredTriggers.has(trigger)) fail('expired_trigger_id');
    if (usedTriggers.has(trigger)) fail('exchanged_trigger_id');
    usedTriggers.add(trigger);
    return trigger;
  };

  const findView = (body: SlackBody): StoredView => {
    const viewId = str(body, 'view_id');
    const externalId = str(body, 'external_id');
    if (!viewId && !externalId) fail('invalid_arguments');
    const found = viewId
      ? views.get(viewId)
      : [...views.values()].find((v) => v.external_id !== '' && v.external_id === externalId);
    if (!found) return fail('not_found');
    const hash = str(body, 'hash');
    if (hash && hash !== found.hash) fail('hash_conflict');
    return found;
  };

  const renderFile = (file: StoredFile, channelId?: string): SlackBody => ({
    id: file.id,
    created: Math.floor(now() / 1000),
    timestamp: Math.floor(now() / 1000),
    name: file.filename,
    title: file.title,
    mimetype: 'application/octet-stream',
    filetype: file.filename.includes('.') ? file.filename.split('.').pop() : 'binary',
    pretty_type: 'Binary',
    user: file.user ?? TEST_WORKSPACE.botUserId,
    user_team: TEST_WORKSPACE.teamId,
    editable: false,
    size: file.content?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    is_public: Boolean(channelId?.startsWith('C')),
    // Slack serves files from files.slack.com; here the private links point at the stand-in, as a proxy would.
    url_private: `${baseUrl}/files-pri/${TEST_WORKSPACE.teamId}-${file.id}/${encodeURIComponent(file.filename)}`,
    url_private_download: `${baseUrl}/files-pri/${TEST_WORKSPACE.teamId}-${file.id}/download/${encodeURIComponent(file.filename)}`,
    permalink: `https://${TEST_WORKSPACE.teamDomain}.slack.com/files/${TEST_WORKSPACE.botUserId}/${file.id}/${file.filename}`,
    alt_txt: file.alt_text,
    channels: channelId ? [channelId] : [],
  });

  const history = (body: SlackBody, list: StoredMessage[]): SlackBody => {
    const oldest = str(body, 'oldest');
    const latest = str(body, 'latest');
    const inclusive = isTrue(body.inclusive);
    const limit = Math.min(Number(str(body, 'limit') ?? 100) || 100, 999);
    const cursor = str(body, 'cursor');
    const before = cursor
      ? Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^next_ts:/, '')
      : undefined;
    const withMetadata = isTrue(body.include_all_metadata);
    const inRange = list
      .filter((m) => !oldest || (inclusive ? tsKey(m.ts) >= tsKey(oldest) : tsKey(m.ts) > tsKey(oldest)))
      .filter((m) => !latest || (inclusive ? tsKey(m.ts) <= tsKey(latest) : tsKey(m.ts) < tsKey(latest)))
      .filter((m) => !before || tsKey(m.ts) < tsKey(before))
      .sort((a, b) => (tsKey(a.ts) < tsKey(b.ts) ? 1 : -1));
    const page = inRange.slice(0, limit);
    const hasMore = inRange.length > limit;
    const last = page[page.length - 1];
    return {
      messages: page.map((m) => renderMessage(m, withMetadata)),
      has_more: hasMore,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: {
        next_cursor: hasMore && last ? Buffer.from(`next_ts:${last.ts}`).toString('base64') : '',
      },
    };
  };

  const handlers: Record<string, Handler> = {
    'api.test': (body) => ({ args: body }),

    // https://docs.slack.dev/reference/methods/apps.connections.open: called with the app-level token.
    'apps.connections.open': (_body, token) => {
      if (!token?.startsWith('xapp-')) fail('not_allowed_token_type');
      const socketModeUrl = options.socketModeUrl ?? fail('not_allowed');
      return { url: socketModeUrl() };
    },

    'auth.test': () => ({
      url: `https://${TEST_WORKSPACE.teamDomain}.slack.com/`,
      team: TEST_WORKSPACE.teamName,
      user: TEST_WORKSPACE.botName,
      team_id: TEST_WORKSPACE.teamId,
      user_id: TEST_WORKSPACE.botUserId,
      bot_id: TEST_WORKSPACE.botId,
      is_enterprise_install: false,
    }),

    // https://docs.slack.dev/reference/methods/chat.postMessage
    'chat.postMessage': (body) => {
      const channelId = resolveChannel(channelArg(body));
      checkPostable(channelId);
      if (!str(body, 'text') && body.blocks === undefined && body.attachments === undefined) fail('no_text');
      const message = postMessage(channelId, botMessage(channelId, body, newTs()), body);
      return { channel: channelId, ts: message.ts, message: renderMessage(message) };
    },

    // https://docs.slack.dev/reference/methods/chat.update
    'chat.update': (body) => {
      const channelId = resolveChannel(channelArg(body));
      const ts = required(body, 'ts');
      const message = findMessage(channelId, ts) ?? fail('message_not_found');
      if (message.user !== TEST_WORKSPACE.botUserId) fail('cant_update_message');
      const replacement = botMessage(channelId, body, ts);
      if (body.text !== undefined) message.text = replacement.text;
      if (body.blocks !== undefined) message.blocks = replacement.blocks ?? [];
      if (body.attachments !== undefined) message.attachments = replacement.attachments ?? [];
      if (body.metadata !== undefined) message.metadata = replacement.metadata;
      message.edited = { user: TEST_WORKSPACE.botUserId, ts: newTs() };
      return { channel: channelId, ts, text: message.text, message: renderMessage(message) };
    },

    'chat.postEphemeral': (body) => {
      const channelId = resolveChannel(channelArg(body));
      const user = required(body, 'user');
      if (!users.has(user)) fail('user_not_found');
      const channel = channels.get(channelId);
      if (channel?.members && !channel.members.includes(user)) fail('user_not_in_channel');
      const message_ts = newTs();
      const ephemeral: StoredEphemeral = { channel: channelId, user, message_ts, text: str(body, 'text') ?? '' };
      const blocks = jsonField<unknown[]>(body.blocks);
      if (blocks) ephemeral.blocks = blocks;
      const threadTs = str(body, 'thread_ts');
      if (threadTs) ephemeral.thread_ts = threadTs;
      let list = ephemerals.get(channelId);
      if (!list) {
        list = [];
        ephemerals.set(channelId, list);
      }
      list.push(ephemeral);
      return { message_ts };
    },

    'chat.delete': (body) => {
      const channelId = resolveChannel(channelArg(body));
      const ts = required(body, 'ts');
      const list = messages.get(channelId) ?? [];
      const index = list.findIndex((m) => m.ts === ts);
      if (index < 0) fail('message_not_found');
      list.splice(index, 1);
      return { channel: channelId, ts };
    },

    // https://docs.slack.dev/reference/methods/conversations.history
    'conversations.history': (body) => {
      const channelId = resolveChannel(channelArg(body));
      // Thread replies stay out of history unless they were broadcast to the channel.
      const list = (messages.get(channelId) ?? []).filter(
        (m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast',
      );
      return history(body, list);
    },

    'conversations.replies': (body) => {
      const channelId = resolveChannel(channelArg(body));
      const ts = required(body, 'ts');
      const list = messages.get(channelId) ?? [];
      const parent = list.find((m) => m.ts === ts) ?? fail('thread_not_found');
      const root = parent.thread_ts ?? parent.ts;
      const thread = list.filter((m) => m.ts === root || m.thread_ts === root);
      const result = history({ ...body, cursor: undefined, latest: undefined }, thread);
      // Replies come oldest first, parent included.
      result.messages = (result.messages as SlackBody[]).reverse();
      return result;
    },

    // https://docs.slack.dev/reference/methods/conversations.open
    'conversations.open': (body) => {
      const existing = str(body, 'channel');
      const returnIm = isTrue(body.return_im);
      if (existing) {
        const channel = channels.get(existing) ?? fail('channel_not_found');
        return { no_op: true, already_open: true, channel: returnIm ? renderChannel(channel) : { id: channel.id } };
      }
      const ids = (str(body, 'users') ?? fail('users_list_not_supplied'))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length > 8) fail('too_many_users');
      if (ids.length === 1) {
        const { id, alreadyOpen } = openDm(ids[0] as string);
        const channel = channels.get(id) as StandinChannel;
        return alreadyOpen
          ? { no_op: true, already_open: true, channel: returnIm ? renderChannel(channel) : { id } }
          : { channel: returnIm ? renderChannel(channel) : { id } };
      }
      for (const userId of ids) {
        const user = users.get(userId) ?? fail('user_not_found');
        if (isExternal(user) && !sharesChannel(userId)) fail(externalDmError);
      }
      const key = [...ids].sort().join(',');
      let id = dms.get(key);
      const alreadyOpen = id !== undefined;
      if (!id) {
        id = nextId('G');
        dms.set(key, id);
        channels.set(id, { id, name: `mpdm-${key}`, is_mpim: true, members: [...ids, TEST_WORKSPACE.botUserId] });
      }
      return alreadyOpen ? { no_op: true, already_open: true, channel: { id } } : { channel: { id } };
    },

    'conversations.info': (body) => {
      const id = required(body, 'channel');
      const channel = channels.get(id) ?? (strict ? undefined : channels.get(resolveChannel(id)));
      return { channel: renderChannel(channel ?? fail('channel_not_found')) };
    },

    // https://docs.slack.dev/reference/methods/users.info
    'users.info': (body) => {
      const user = users.get(required(body, 'user')) ?? fail('user_not_found');
      return { user: renderUser(user) };
    },

    // https://docs.slack.dev/reference/methods/views.open
    'views.open': (body) => {
      const input = viewFromBody(body);
      takeTrigger(body);
      return { view: renderView(storeView(input, undefined, {})) };
    },

    'views.push': (body) => {
      const input = viewFromBody(body);
      takeTrigger(body);
      // The pushed view goes on top of the last modal opened or pushed.
      const top = [...views.values()].filter((v) => v.type === 'modal').pop();
      const stack = top ? { root_view_id: top.root_view_id, previous_view_id: top.id } : {};
      return { view: renderView(storeView(input, undefined, stack)) };
    },

    'views.update': (body) => {
      const input = viewFromBody(body);
      const current = findView(body);
      return { view: renderView(storeView(input, current, current.user_id ? { user_id: current.user_id } : {})) };
    },

    // https://docs.slack.dev/reference/methods/views.publish
    'views.publish': (body) => {
      const userId = required(body, 'user_id');
      const input = viewFromBody(body);
      if (input.type !== 'home') fail('invalid_arguments');
      if (!homeTabEnabled) fail('not_enabled');
      if (!users.has(userId)) fail('user_not_found');
      const currentId = homeViews.get(userId);
      const current = currentId ? views.get(currentId) : undefined;
      const hash = str(body, 'hash');
      if (hash && current && hash !== current.hash) fail('hash_conflict');
      const stored = storeView(input, current, { user_id: userId });
      homeViews.set(userId, stored.id);
      return { view: renderView(stored) };
    },

    // files.uploadV2 in @slack/web-api: getUploadURLExternal, POST the bytes to upload_url, completeUploadExternal.
    // https://docs.slack.dev/messaging/working-with-files#uploading_files
    'files.getUploadURLExternal': (body) => {
      const filename = required(body, 'filename');
      const length = Number(required(body, 'length'));
      if (!Number.isFinite(length) || length <= 0) fail('invalid_arguments');
      const id = nextId('F');
      const file: StoredFile = { id, filename, title: filename, length, completed: false };
      const altText = str(body, 'alt_text') ?? str(body, 'alt_txt');
      if (altText) file.alt_text = altText;
      files.set(id, file);
      return { upload_url: `${baseUrl}/upload/v1/${id}`, file_id: id };
    },

    // https://docs.slack.dev/reference/methods/files.info
    'files.info': (body) => {
      const file = files.get(required(body, 'file')) ?? fail('file_not_found');
      if (file.deleted) fail('file_deleted');
      return { file: renderFile(file) };
    },

    'files.completeUploadExternal': (body) => {
      const entries = jsonField<Array<{ id: string; title?: string }>>(body.files) ?? fail('invalid_arguments');
      const channelId = str(body, 'channel_id') ? resolveChannel(required(body, 'channel_id')) : undefined;
      const completed = entries.map((entry) => {
        const file = files.get(entry.id) ?? fail('file_not_found');
        if (!file.content) fail('file_not_found');
        if (entry.title) file.title = entry.title;
        file.completed = true;
        return file;
      });
      if (channelId) {
        checkPostable(channelId);
        const message = botMessage(
          channelId,
          { text: str(body, 'initial_comment') ?? '', blocks: body.blocks },
          newTs(),
        );
        message.files = completed.map((file) => renderFile(file, channelId));
        message.upload = true;
        postMessage(channelId, message, body);
      }
      return { files: completed.map((file) => renderFile(file, channelId)) };
    },

    'reactions.add': (body) => {
      const channelId = resolveChannel(channelArg(body));
      const name = required(body, 'name').replace(/^:|:$/g, '');
      const message = findMessage(channelId, required(body, 'timestamp')) ?? fail('message_not_found');
      const reactions = message.reactions ?? [];
      let reaction = reactions.find((r) => r.name === name);
      if (reaction?.users.includes(TEST_WORKSPACE.botUserId)) fail('already_reacted');
      if (!reaction) {
        reaction = { name, users: [], count: 0 };
        reactions.push(reaction);
      }
      reaction.users.push(TEST_WORKSPACE.botUserId);
      reaction.count += 1;
      message.reactions = reactions;
      return {};
    },
  };

  const record = (call: StandinCall): void => {
    calls.push(call);
    waiters = waiters.filter((waiter) => {
      if (!waiter.match(call)) return true;
      waiter.remaining -= 1;
      if (waiter.remaining > 0) return true;
      waiter.resolve(call);
      return false;
    });
  };

  /** Token bucket per channel: `burst` posts at once, refilled at `perSecond`. Returns seconds to wait, or 0. */
  const rateLimitDelay = (method: string, body: SlackBody): number => {
    if (!rateLimit || !(rateLimit.methods ?? ['chat.postMessage']).includes(method)) return 0;
    const raw = str(body, 'channel') ?? str(body, 'channel_id');
    if (!raw) return 0;
    const key = /^[UW]/.test(raw) ? (dms.get(raw) ?? raw) : raw;
    const capacity = rateLimit.burst ?? rateLimit.perSecond;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * rateLimit.perSecond);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rateLimit.perSecond));
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string, query: string): Promise<void> => {
    const at = now();
    const raw = (await readBody(req)).toString('utf8');
    const contentType = req.headers['content-type'] ?? '';
    let body: SlackBody = decodeForm(query);
    let parseError: string | undefined;
    if (raw !== '') {
      if (contentType.includes('application/json')) {
        const parsed = safeJson(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = { ...body, ...(parsed as SlackBody) };
        else parseError = 'invalid_json';
      } else {
        body = { ...body, ...decodeForm(raw) };
      }
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? str(body, 'token');

    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    // Slack answers every Web API method with JSON over HTTP 200, errors included; only rate limits use 429.
    // https://docs.slack.dev/apis/web-api/#responses
    let status = 200;
    let response: SlackBody;
    const headers: Record<string, string> = {};
    const injected = failures.get(method)?.shift();
    const waitSeconds = injected ? 0 : rateLimitDelay(method, body);
    if (injected && 'error' in injected) {
      response = { ok: false, error: injected.error, ...injected.extra };
    } else if (injected && injected.status === 429) {
      status = 429;
      headers['retry-after'] = String('retryAfterSeconds' in injected ? (injected.retryAfterSeconds ?? 1) : 1);
      response = { ok: false, error: 'ratelimited' };
    } else if (injected) {
      status = injected.status;
      response = { ok: false, error: 'internal_error' };
    } else if (waitSeconds > 0) {
      // https://docs.slack.dev/apis/web-api/rate-limits: HTTP 429 with the seconds to wait in Retry-After.
      status = 429;
      headers['retry-after'] = String(waitSeconds);
      response = { ok: false, error: 'ratelimited' };
    } else if (parseError) {
      response = { ok: false, error: parseError };
    } else if (!token) {
      response = { ok: false, error: 'not_authed' };
    } else if (options.tokens && !options.tokens.includes(token)) {
      response = { ok: false, error: 'invalid_auth' };
    } else {
      const handler = handlers[method];
      if (!handler) {
        response = { ok: false, error: 'unknown_method', req_method: method };
      } else {
        try {
          response = { ok: true, ...handler(body, token) };
        } catch (error) {
          if (!(error instanceof SlackError)) throw error;
          response = { ok: false, error: error.code, ...error.extra };
        }
      }
    }
    sendJson(res, status, response, headers);
    const call: StandinCall = { method, body, token, at, status, ok: response.ok === true, response };
    if (typeof response.error === 'string') call.error = response.error;
    record(call);
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> => {
    const raw = await readBody(req);
    const file = files.get(fileId);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file not found');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      // @slack/web-api posts the bytes as a multipart form; read the first file part.
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      file.content = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      file.content = raw;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`OK - ${file.content.length}`);
  };

  const downloads: StandinDownload[] = [];
  /**
   * A private file link: the bytes with a bot token Slack accepts; without one Slack redirects to its sign-in
   * page (https://docs.slack.dev/messaging/working-with-files#authentication).
   */
  const handleDownload = (req: IncomingMessage, res: ServerResponse, fileId: string): void => {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    const file = files.get(fileId);
    const accepted = token !== undefined && (!options.tokens || options.tokens.includes(token));
    let status: number;
    if (!accepted) {
      status = 302;
      res.writeHead(302, {
        location: `https://${TEST_WORKSPACE.teamDomain}.slack.com/?redir=${encodeURIComponent(req.url ?? '')}`,
      });
      res.end();
    } else if (!file?.content || file.deleted) {
      status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file not found');
    } else {
      status = 200;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.content.length) });
      res.end(file.content);
    }
    downloads.push({ fileId, token, status });
  };

  const handleResponseUrl = async (req: IncomingMessage, res: ServerResponse, id: string): Promise<void> => {
    const raw = (await readBody(req)).toString('utf8');
    const list = responses.get(id) ?? [];
    // A response_url takes at most 5 responses. https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
    if (list.length >= 5) {
      sendJson(res, 404, { ok: false, error: 'used_url' });
      return;
    }
    const body = (req.headers['content-type'] ?? '').includes('json') ? safeJson(raw) : raw;
    list.push({ body, at: now() });
    responses.set(id, list);
    sendJson(res, 200, { ok: true });
    responseWaiters = responseWaiters.filter((waiter) => {
      if (waiter.id !== id) return true;
      waiter.remaining -= 1;
      if (waiter.remaining > 0) return true;
      waiter.resolve(body);
      return false;
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (api && (req.method === 'POST' || req.method === 'GET')) {
      return handleApi(req, res, api[1] as string, url.search.slice(1));
    }
    const download = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\//.exec(url.pathname);
    if (download && req.method === 'GET') {
      await readBody(req);
      return handleDownload(req, res, download[1] as string);
    }
    const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(url.pathname);
    if (upload && req.method === 'POST') return handleUpload(req, res, upload[1] as string);
    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (response && req.method === 'POST') {
      return handleResponseUrl(req, res, decodeURIComponent(response[1] as string));
    }
    await readBody(req);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  const timeoutError = (what: string, timeoutMs: number): Error => {
    const seen = calls.map((c) => `${c.method}${c.ok ? '' : ` (${c.error ?? c.status})`}`).join(', ') || 'none';
    return new Error(`Slack stand-in: no ${what} within ${timeoutMs} ms; calls so far: ${seen}`);
  };

  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    get calls() {
      return calls;
    },
    get rejected() {
      return calls.filter((c) => c.status === 429);
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    accepted: (method) => calls.filter((c) => c.ok && (method === undefined || c.method === method)),
    messagesIn: (channel) => [...(messages.get(dms.get(channel) ?? channel) ?? [])],
    message: (channel, ts) => findMessage(dms.get(channel) ?? channel, ts),
    ephemeralsIn: (channel) => [...(ephemerals.get(dms.get(channel) ?? channel) ?? [])],
    views: () => [...views.values()],
    view: (id) => views.get(id),
    homeView: (userId) => {
      const id = homeViews.get(userId);
      return id ? views.get(id) : undefined;
    },
    files: () => [...files.values()],
    attachFile: (userId, filename, content) => {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const id = nextId('F');
      const file: StoredFile = {
        id,
        filename,
        title: filename,
        length: bytes.length,
        content: bytes,
        completed: true,
        user: userId,
      };
      files.set(id, file);
      return renderFile(file);
    },
    deleteFile: (fileId) => {
      const file = files.get(fileId);
      if (file) file.deleted = true;
    },
    downloads: () => [...downloads],
    dmChannelOf: (userId) => dms.get(userId),
    addUser: (user) => {
      users.set(user.id, user);
    },
    addChannel: (channel) => {
      channels.set(channel.id, channel);
      configuredChannels.push(channel);
    },

    waitFor(matcher, waitOptions = {}) {
      const match = typeof matcher === 'string' ? (c: StandinCall) => c.method === matcher : matcher;
      const count = waitOptions.count ?? 1;
      const timeoutMs = waitOptions.timeoutMs ?? 5000;
      const seen = calls.filter(match);
      if (seen.length >= count) return Promise.resolve(seen[count - 1] as StandinCall);
      return new Promise<StandinCall>((resolve, reject) => {
        const waiter: Waiter = {
          match,
          remaining: count - seen.length,
          resolve: (call) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(timeoutError(typeof matcher === 'string' ? `call to ${matcher}` : 'matching call', timeoutMs));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },

    failNext(method, failure, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) list.push(failure);
      failures.set(method, list);
    },

    enforceChannelRateLimit(limit) {
      rateLimit = limit;
      buckets = new Map();
    },

    setLatency(ms) {
      latencyMs = ms;
    },

    responseUrl: (id) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responsesTo: (id) => (responses.get(id) ?? []).map((r) => r.body),
    responseCount: () => [...responses.values()].reduce((sum, list) => sum + list.length, 0),
    waitForResponse(id, waitOptions = {}) {
      const count = waitOptions.count ?? 1;
      const timeoutMs = waitOptions.timeoutMs ?? 5000;
      const seen = responses.get(id) ?? [];
      if (seen.length >= count) return Promise.resolve((seen[count - 1] as ResponseUrlPost).body);
      return new Promise<unknown>((resolve, reject) => {
        const waiter: ResponseWaiter = {
          id,
          remaining: count - seen.length,
          resolve: (body) => {
            clearTimeout(timer);
            resolve(body);
          },
        };
        const timer = setTimeout(() => {
          responseWaiters = responseWaiters.filter((w) => w !== waiter);
          reject(timeoutError(`post to response_url ${id}`, timeoutMs));
        }, timeoutMs);
        responseWaiters.push(waiter);
      });
    },

    expireTrigger(triggerId) {
      expiredTriggers.add(triggerId);
    },

    reset() {
      calls = [];
      messages = new Map();
      ephemerals = new Map();
      views = new Map();
      homeViews = new Map();
      files = new Map();
      dms = new Map();
      usedTriggers = new Set();
      expiredTriggers = new Set();
      failures = new Map();
      rateLimit = null;
      buckets = new Map();
      responses = new Map();
      latencyMs = options.latencyMs ?? 0;
      waiters = [];
      responseWaiters = [];
      // Channels auto-created by use go too; configured ones stay.
      for (const id of [...channels.keys()]) {
        if (!configuredChannels.some((c) => c.id === id)) channels.delete(id);
      }
    },

    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
