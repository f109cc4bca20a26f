import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';
import type { ILogger } from '@microsoft/teams.common';
import type { ApiCallObserver } from '../chat/api-calls';
import type { Config } from '../config';
import type { Clock } from '../domain/clock';
import { sendJson } from '../http/http-server';
import type { Logger } from '../logger';
import type { StewardServices } from '../services/service-api';
import type { TeamsConversationRepository } from '../store/teams-conversations';
import { withDefaultWidth } from './cards/adaptive-card';
import { CardsBeingAnswered } from './cards-being-answered';
import {
  CachedTeamsConversationStore,
  InMemoryTeamsConversationStore,
  type TeamsConversationStore,
} from './conversation-store';
import { isAllowedFileUrl } from './file-download';
import { registerTeamsHandlers } from './handlers';
import { observedConnector } from './observed-connector';
import { TeamsPeopleDirectory } from './people-directory';
import { type OutboundActivity, TeamsChatSurface, type TeamsConnector } from './teams-chat-surface';

/** Where Teams' Bot Connector lives when a conversation has no stored service URL yet. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams';
export const TEAMS_MESSAGING_PATH = '/api/messages';
/** Teams activities are small; anything near this is not from Teams. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface TeamsSurfaceOptions {
  config: Config['teams'];
  /**
   * Accept activities without a Bot Framework token (the SDK's `dangerouslyAllowUnauthenticatedRequests`),
   * for the Agents Playground and tests. Refused unless `mayRunWithoutAuth` allows it.
   */
  sandbox?: boolean;
  services: StewardServices;
  logger: Logger;
  clock: Clock;
  /** The host Steward's HTTP server listens on (HOST). */
  listenHost: string;
  /**
   * Where conversation references and posted cards are kept: the database repository (`store.teamsConversations`),
   * with an in-memory cache in front, so proactive sends survive a restart. Without it, memory only.
   */
  conversations?: TeamsConversationRepository;
  /** A ready store instead (tests); wins over `conversations`. */
  store?: TeamsConversationStore;
  /** Prefills the new-contract form's timezone (TZ_DEFAULT). */
  defaultTimezone?: string;
  /**
   * Which `serviceUrl`s an activity may name (see `isAllowedServiceUrl`); replies and every later proactive
   * message go there, so a forged one is refused before anything is stored or sent.
   */
  allowServiceUrl?: (url: URL) => boolean;
  /** Told about every Bot Framework call the surface makes on its own (proactive messages; metrics). */
  observeApiCall?: ApiCallObserver;
}

export interface TeamsSurface {
  surface: TeamsChatSurface;
  /** Mount at '/api/messages' on Steward's HttpServer: `http.route(TEAMS_MESSAGING_PATH, teams.requestListener)`. */
  requestListener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  mode: 'authenticated' | 'sandbox';
  start(): Promise<void>;
  stop(): Promise<void>;
}

export class TeamsSandboxRefused extends Error {
  constructor(reason: string) {
    super(`Teams cannot run without authentication here: ${reason}`);
    this.name = 'TeamsSandboxRefused';
  }
}

const LOOPBACK_HOSTS = /^(localhost|::1|\[::1\]|127(?:\.\d{1,3}){3}|::ffff:127(?:\.\d{1,3}){3})$/i;

/**
 * Unauthenticated activities are accepted only where nobody else can send them: no Teams credentials
 * are configured (so this is not a real deployment with auth switched off by mistake) and the server
 * listens on a loopback address only. 0.0.0.0 and :: listen everywhere, so they are refused.
 */
export function mayRunWithoutAuth({ teamsConfigured, host }: { teamsConfigured: boolean; host: string }): boolean {
  return !teamsConfigured && LOOPBACK_HOSTS.test(host.trim());
}

/**
 * The Bot Framework hosts that send Teams activities and take the bot's replies: smba.trafficmanager.net
 * (public cloud), *.botframework.com, and the government clouds' smba.infra.*.teams.microsoft.{com,us}.
 * https://learn.microsoft.com/azure/bot-service/bot-builder-basics (service URL); always over HTTPS.
 */
const BOT_FRAMEWORK_HOSTS =
  /^(smba\.trafficmanager\.net|[a-z0-9.-]+\.botframework\.com|smba\.infra\.[a-z0-9.-]+\.teams\.microsoft\.(com|us))$/i;

/**
 * Where an activity's `serviceUrl` may point: Bot Framework's hosts in production; in the sandbox only a
 * loopback address (the Agents Playground on this machine), so a web page or another program cannot make
 * Steward post to, and remember, an address of its choosing.
 */
export function isAllowedServiceUrl(url: URL, mode: 'authenticated' | 'sandbox'): boolean {
  if (mode === 'sandbox') {
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.test(url.hostname);
  }
  return (
    url.protocol === 'https:' && BOT_FRAMEWORK_HOSTS.test(url.hostname) && url.username === '' && url.password === ''
  );
}

export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { config, logger, clock, services } = options;
  const sandbox = options.sandbox === true;
  if (sandbox && !mayRunWithoutAuth({ teamsConfigured: config.enabled, host: options.listenHost })) {
    throw new TeamsSandboxRefused(
      config.enabled
        ? 'TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID are set, so Teams must check every request.'
        : `HOST=${options.listenHost} is reachable from other machines; use 127.0.0.1 for the local sandbox.`,
    );
  }
  if (!sandbox && !config.enabled) {
    throw new Error(`Teams is off: set ${config.missing.join(', ')} (or use the local sandbox on 127.0.0.1).`);
  }

  // Loaded only when Teams is on: the SDK is large, and its token validator pulls in an ES-module-only
  // package (jose) that Jest's loader cannot require on Node 20 (Node itself can).
  const { App } = require('@microsoft/teams.apps') as typeof import('@microsoft/teams.apps');
  const mode = sandbox ? 'sandbox' : 'authenticated';
  const adapter = new HostedAdapter(options.allowServiceUrl ?? ((url) => isAllowedServiceUrl(url, mode)), logger);
  const sdkLogger = sdkLoggerFrom(logger.child({ component: 'teams-sdk' }));
  // Every credential is passed explicitly: left undefined, the SDK would read CLIENT_ID, CLIENT_SECRET,
  // TENANT_ID, SERVICE_URL and DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS from the environment and could
  // turn the sandbox into an authenticated app or switch authentication off behind Steward's config.
  const app = new App({
    ...(config.enabled
      ? { clientId: config.clientId, clientSecret: config.clientSecret, tenantId: config.tenantId }
      : { clientId: '', clientSecret: '', tenantId: '' }),
    dangerouslyAllowUnauthenticatedRequests: sandbox,
    serviceUrl: DEFAULT_TEAMS_SERVICE_URL,
    httpServerAdapter: adapter,
    messagingEndpoint: TEAMS_MESSAGING_PATH,
    logger: sdkLogger,
    // Mentions are not stripped by the SDK (it would strip everyone's, losing `owner:@someone`); the message
    // handler removes the bot's own and reads the others (mentions.ts).
    telemetry: { agent365: false },
  });

  const store =
    options.store ??
    (options.conversations
      ? new CachedTeamsConversationStore(options.conversations, { clock, logger: logger.child({ component: 'teams' }) })
      : new InMemoryTeamsConversationStore(clock));
  const tenantId = config.enabled ? config.tenantId : undefined;
  const people = new TeamsPeopleDirectory(clock, logger.child({ component: 'teams' }));
  const answering = new CardsBeingAnswered();
  registerTeamsHandlers(app, {
    sandbox,
    answering,
    allowFileUrl: (url) => isAllowedFileUrl(url, mode),
    services,
    store,
    logger,
    clock,
    people,
    ...(tenantId ? { tenantId } : {}),
    ...(options.defaultTimezone ? { defaultTimezone: options.defaultTimezone } : {}),
  });

  const botFramework: TeamsConnector = {
    defaultServiceUrl: DEFAULT_TEAMS_SERVICE_URL,
    ...(app.id ? { appId: app.id } : {}),
    async createActivity(serviceUrl, conversationId, activity) {
      const sent = await app.api
        .clone({ serviceUrl })
        .conversations.createActivity(conversationId, sandbox ? withDefaultWidth(activity) : activity);
      return { id: sent.id };
    },
    async updateActivity(serviceUrl, conversationId, activityId, activity: OutboundActivity) {
      await app.api
        .clone({ serviceUrl })
        .conversations.updateActivity(conversationId, activityId, sandbox ? withDefaultWidth(activity) : activity);
    },
    async createPersonalConversation(serviceUrl, { botId, userAadObjectId, tenantId: tenant }) {
      // Teams accepts the user's Entra object id as the member id when the app is installed for them.
      const created = await app.api.clone({ serviceUrl }).conversations.create({
        isGroup: false,
        bot: { id: botId },
        members: [{ id: userAadObjectId, role: 'user' }],
        tenantId: tenant,
        channelData: { tenant: { id: tenant } },
      });
      return { id: created.id };
    },
  };
  const connector = options.observeApiCall ? observedConnector(botFramework, options.observeApiCall) : botFramework;
  const surface = new TeamsChatSurface({
    connector,
    store,
    logger,
    clock,
    people,
    answering,
    ...(tenantId ? { tenantId } : {}),
  });

  if (sandbox) {
    logger.warn(
      { host: options.listenHost },
      'Teams runs in the local sandbox: /api/messages accepts activities without a token (loopback only, no Teams credentials set)',
    );
  }

  return {
    surface,
    mode,
    requestListener: (req, res) => adapter.serve(req, res),
    // initialize() registers the messaging route with our adapter; app.start() is never called, so the SDK opens no port.
    start: () => app.initialize(),
    stop: () => app.stop(),
  };
}

/**
 * The SDK's transport seam (IHttpServerAdapter): the SDK hands us its route handler, which validates
 * the Bot Framework token and runs the activity; we feed it from Steward's own HTTP server, so Teams
 * shares the one port with Slack and /healthz instead of the SDK's Express server opening a second one.
 */
class HostedAdapter implements IHttpServerAdapter {
  private handler: HttpRouteHandler | undefined;

  constructor(
    private readonly allowServiceUrl: (url: URL) => boolean,
    private readonly logger: Logger,
  ) {}

  registerRoute(_method: 'POST', path: string, handler: HttpRouteHandler): void {
    // Only the messaging endpoint; the SDK would add /api/functions/* only for app.function(), unused here.
    if (path === TEAMS_MESSAGING_PATH) this.handler = handler;
  }

  async stop(): Promise<void> {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Agents Playground probes the endpoint with HEAD (wait-on) before it connects.
    if (req.method === 'HEAD') {
      res.writeHead(200).end();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, HEAD');
      sendJson(res, 405, { error: 'method_not_allowed', message: 'Teams posts activities here.' });
      return;
    }
    if (!this.handler) {
      sendJson(res, 503, { error: 'starting', message: 'The Teams surface is not started yet.' });
      return;
    }
    // JSON only: a web page can post text/plain (or a form) to a loopback address without asking first
    // (a "simple" cross-origin request), but not application/json.
    const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/json\s*(;|$)/.test(contentType)) {
      refuseUnread(req, res, 415, {
        error: 'unsupported_media_type',
        message: 'Teams activities are sent as application/json.',
      });
      return;
    }
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      refuseUnread(req, res, 413, { error: 'too_large' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too_large';
      sendJson(res, tooLarge ? 413 : 400, { error: tooLarge ? 'too_large' : 'invalid_json' });
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJson(res, 400, { error: 'invalid_activity', message: 'Expected one activity object.' });
      return;
    }
    const serviceUrl = (body as { serviceUrl?: unknown }).serviceUrl;
    let parsedUrl: URL | undefined;
    try {
      parsedUrl = typeof serviceUrl === 'string' ? new URL(serviceUrl) : undefined;
    } catch {
      parsedUrl = undefined;
    }
    if (!parsedUrl || !this.allowServiceUrl(parsedUrl)) {
      this.logger.warn(
        { serviceUrl: String(serviceUrl).slice(0, 200) },
        'Teams activity with a serviceUrl not allowed',
      );
      sendJson(res, 403, {
        error: 'service_url_not_allowed',
        message: 'The activity names a serviceUrl Steward does not answer to.',
      });
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
    const response = await this.handler({ body, headers });
    if (response.body === undefined || response.body === null) res.writeHead(response.status).end();
    else sendJson(res, response.status, response.body);
  }
}

/** Answers without reading the body and closes the connection, so the unread rest is not taken for a request. */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    connection: 'close',
  });
  res.end(payload);
  req.unpipe();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('too_large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The SDK's ILogger over pino; its chatty per-activity info goes to debug so Steward's own log stays readable. */
function sdkLoggerFrom(logger: Logger): ILogger {
  const write = (level: 'debug' | 'warn' | 'error' | 'trace', parts: unknown[]) => {
    const err = parts.find((part) => part instanceof Error);
    const message = parts
      .filter((part) => !(part instanceof Error))
      .map((part) => (typeof part === 'string' ? part : safeJson(part)))
      .join(' ');
    if (err) logger[level]({ err }, message);
    else logger[level](message);
  };
  const sdk: ILogger = {
    debug: (...parts: unknown[]) => write('debug', parts),
    info: (...parts: unknown[]) => write('debug', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    error: (...parts: unknown[]) => write('error', parts),
    trace: (...parts: unknown[]) => write('trace', parts),
    log: (level, ...parts: unknown[]) =>
      write(level === 'error' ? 'error' : level === 'warn' ? 'warn' : level === 'trace' ? 'trace' : 'debug', parts),
    child: (name: string) => sdkLoggerFrom(logger.child({ sdk: name })),
  };
  return sdk;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}
