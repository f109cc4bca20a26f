import {
  App,
  type AuthorizeResult,
  HTTPReceiver,
  HTTPReceiverDeferredRequestError,
  type Receiver,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import type { ApiCallObserver } from '../chat/api-calls';
import type { Config } from '../config';
import { type Clock, systemClock } from '../domain/clock';
import { type RequestHandler, sendJson } from '../http/http-server';
import type { Logger } from '../logger';
import type { StewardServices } from '../services/service-api';
import { type InstallationIdentity, SlackActorResolver } from './actor';
import { type AfterAckOptions, AfterAckQueue, DEFAULT_AFTER_ACK, withAfterAck } from './after-ack';
import { boltLogger } from './bolt-logger';
import type { PacerOptions } from './channel-pacer';
import { DEFAULT_TIMING, type SlackDeps, type SlackTiming } from './deps';
import { createErrorHandler } from './errors';
import { type EventClaims, EventDeduper } from './event-dedupe';
import { slackFiles } from './files';
import { registerListeners } from './listeners';
import { observedFetch } from './observed-fetch';
import { type ReplayClaims, SLACK_BODY_LIMIT, slackRequestGuard } from './request-guard';
import { SlackChatSurface } from './slack-chat-surface';

export type SlackConfig = Extract<Config['slack'], { enabled: true }>;

/** Where Bolt's HTTP receiver listens, under the `/slack` prefix our HttpServer routes to it. */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * A few retries over about half a minute: enough for a 5xx blip or a Retry-After, short enough that a
 * scheduler tick is not held for the client's default half hour.
 */
export const DEFAULT_WEB_API_RETRIES: webApi.RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 1_000,
  maxTimeout: 15_000,
  randomize: true,
};

export interface SlackSurfaceOptions {
  config: SlackConfig;
  services: StewardServices;
  logger: Logger;
  clock?: Clock;
  /** Prefilled in the contract modal (TZ_DEFAULT). */
  defaultTimezone?: string;
  /** Web API retry policy; tests pass a short one so nothing waits. */
  webApiRetries?: webApi.RetryOptions;
  /** Per-request timeout of Web API calls. */
  webApiTimeoutMs?: number;
  timing?: Partial<SlackTiming>;
  /** Event deduplication memory, when no shared `eventClaims` are given. */
  dedupe?: { ttlMs?: number; maxEntries?: number };
  /**
   * Event ids taken in, shared by every replica (the store's processed-event table). Without them the
   * ids are remembered in this process only.
   */
  eventClaims?: EventClaims;
  /**
   * Signed requests taken in, shared by every replica (the store's processed-event table), so a replayed
   * request is refused wherever it lands. Without them they are remembered in this process only.
   */
  requestClaims?: ReplayClaims;
  /** Per-channel posting pace (channel-pacer.ts); tests and benchmarks tune it. */
  pacing?: Partial<PacerOptions>;
  /** Told about every Web API call, by every client the surface and Bolt make (metrics). */
  observeApiCall?: ApiCallObserver;
  /** How listeners' work after their ack is queued (after-ack.ts); tests tune it. */
  afterAck?: Partial<AfterAckOptions>;
}

export interface SlackSurface {
  app: App;
  /** The bot-token Web API client the surface posts with (app.client carries no token: see `authorize`). */
  client: webApi.WebClient;
  surface: SlackChatSurface;
  /** For HttpServer: `http.route('/slack', slack.requestListener)`; answers 404 in Socket Mode. */
  requestListener: RequestHandler;
  /** The installation's team, Grid org and bot ids (auth.test, once). */
  installation(): Promise<InstallationIdentity>;
  /** Learns the installation (auth.test) and, in Socket Mode, connects. HTTP mode needs nothing more. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack surface: a Bolt app whose HTTP receiver is mounted on Steward's own HttpServer (one port for
 * everything), or a Socket Mode connection when SLACK_APP_TOKEN is set.
 */
export function createSlackSurface(options: SlackSurfaceOptions): SlackSurface {
  const { config, services, logger } = options;
  const clock = options.clock ?? systemClock;
  const log = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: options.webApiRetries ?? DEFAULT_WEB_API_RETRIES,
    timeout: options.webApiTimeoutMs ?? 15_000,
    ...(options.observeApiCall ? { fetch: observedFetch(options.observeApiCall) } : {}),
  };
  const client = new webApi.WebClient(config.botToken, { ...clientOptions, logger: log });
  // Posts get a client of their own that hands 429s back instead of pausing: the surface waits them out per
  // channel (channel-pacer.ts), while this client's default would pause every call it makes.
  const poster = new webApi.WebClient(config.botToken, { ...clientOptions, rejectRateLimitedCalls: true, logger: log });

  // Bolt, given a token, calls auth.test itself but keeps only the bot ids. Steward also needs the team and
  // Grid org ids to tell Slack Connect users apart, so it calls auth.test once and hands Bolt the result
  // through `authorize` (a single-workspace installation: every request gets the same answer).
  let identity: Promise<InstallationIdentity> | undefined;
  const installation = (): Promise<InstallationIdentity> => {
    if (!identity) {
      const asking = client.auth.test().then((result) => {
        if (!result.team_id || !result.user_id || !result.bot_id) {
          throw new Error('auth.test did not return the team, bot user and bot ids; is SLACK_BOT_TOKEN a bot token?');
        }
        const found: InstallationIdentity = { teamId: result.team_id, botUserId: result.user_id, botId: result.bot_id };
        if (result.enterprise_id) found.enterpriseId = result.enterprise_id;
        return found;
      });
      identity = asking;
      // A failed auth.test is asked again next time instead of being remembered.
      asking.catch(() => {
        if (identity === asking) identity = undefined;
      });
    }
    return identity;
  };
  const authorize = async (): Promise<AuthorizeResult> => {
    const found = await installation();
    return {
      botToken: config.botToken,
      botId: found.botId,
      botUserId: found.botUserId,
      teamId: found.teamId,
      ...(found.enterpriseId ? { enterpriseId: found.enterpriseId } : {}),
    };
  };

  const socketMode = Boolean(config.appToken);
  let httpReceiver: HTTPReceiver | undefined;
  let receiver: Receiver;
  if (socketMode && config.appToken) {
    receiver = new SocketModeReceiver({ appToken: config.appToken, logger: log, installerOptions: { clientOptions } });
  } else {
    if (!config.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for the Slack HTTP receiver');
    httpReceiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      // Ack first, work after: Slack wants the HTTP answer within 3 s.
      processBeforeResponse: false,
      logger: log,
      bodyLimit: SLACK_BODY_LIMIT,
    });
    receiver = httpReceiver;
  }

  const app = new App({
    receiver,
    authorize,
    logger: log,
    clientOptions,
    extendedErrorHandler: true,
  });

  const surface = new SlackChatSurface(client, installation, logger, { poster, pacing: options.pacing });
  const memory = options.eventClaims ? undefined : new EventDeduper(clock, options.dedupe);
  const dedupe: EventClaims = options.eventClaims ?? (memory as EventDeduper);
  const deps: SlackDeps = {
    services,
    logger: logger.child({ component: 'slack' }),
    clock,
    actors: new SlackActorResolver(client, installation, clock, logger),
    installation,
    defaultTimezone: options.defaultTimezone ?? 'UTC',
    timing: { ...DEFAULT_TIMING, ...options.timing },
    files: slackFiles(client, config.botToken, config.apiUrl),
  };
  const afterAckQueue = new AfterAckQueue({ ...DEFAULT_AFTER_ACK, ...options.afterAck });
  registerListeners(withAfterAck(app, afterAckQueue), deps, dedupe);
  app.error(createErrorHandler(client, deps.logger));

  const guard = config.signingSecret
    ? slackRequestGuard({
        signingSecret: config.signingSecret,
        logger: deps.logger,
        // Within one process: a request's signature is only good for five minutes either way.
        replays: options.requestClaims ?? new EventDeduper(clock, { ttlMs: 11 * 60_000, maxEntries: 50_000 }),
      })
    : undefined;
  const requestListener: RequestHandler = async (req, res) => {
    if (!httpReceiver) {
      sendJson(res, 404, { ok: false, error: 'not_found', message: 'Slack runs in Socket Mode here.' });
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (guard && path === SLACK_EVENTS_PATH && !(await guard(req, res))) return;
    // Bolt sees the request once the work after earlier acks is not too far behind (after-ack.ts).
    await afterAckQueue.admit();
    try {
      httpReceiver.requestListener(req, res);
    } catch (error) {
      // Bolt throws for paths and methods it does not serve, so a router can pass the request on.
      if (error instanceof HTTPReceiverDeferredRequestError) {
        sendJson(res, 404, {
          ok: false,
          error: 'not_found',
          message: `Slack requests go to POST ${SLACK_EVENTS_PATH}.`,
        });
        return;
      }
      throw error;
    }
  };

  return {
    app,
    client,
    surface,
    requestListener,
    installation,
    async start() {
      const found = await installation();
      logger.info(
        { teamId: found.teamId, enterpriseId: found.enterpriseId, socketMode },
        socketMode ? 'Slack connecting over Socket Mode' : `Slack listening at ${SLACK_EVENTS_PATH}`,
      );
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
      memory?.clear();
    },
  };
}
