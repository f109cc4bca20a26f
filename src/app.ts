import { randomUUID, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';
import { ChatSurfaces } from './chat/chat-surface';
import type { Config } from './config';
import { type Clock, systemClock } from './domain/clock';
import { fileLinkRoute } from './http/file-link-route';
import { HttpServer, sendJson } from './http/http-server';
import type { Logger } from './logger';
import { StewardMetrics } from './metrics';
import { scheduledJobs } from './scheduler/jobs';
import { type Scheduler, startScheduler } from './scheduler/scheduler';
import { createServices, type Services } from './services';
import { FILE_LINK_PATH } from './services/file-links';
import { createSlackSurface, type SlackSurfaceOptions } from './slack/slack-app';
import { createStore, type Store } from './store';
import { type DatabaseHandle, openDatabase } from './store/database';
import { createTeamsSurface, TEAMS_MESSAGING_PATH } from './teams/teams-app';

export interface StewardApp {
  url: string;
  database: DatabaseHandle;
  store: Store;
  services: Services;
  surfaces: ChatSurfaces;
  scheduler: Scheduler | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Tests give each app its own database name on a shared server. */
  dbName?: string;
  /** Tests pass their own so several replicas in one process stay distinguishable. */
  instanceId?: string;
  /**
   * Runs Teams without authentication for the local Agents Playground. createTeamsSurface refuses it
   * unless no Teams credentials are set and the service listens on loopback only.
   */
  teamsSandbox?: boolean;
  /** Tests shorten Slack's retries and timings so nothing waits for minutes. */
  slackOptions?: Pick<SlackSurfaceOptions, 'webApiRetries' | 'webApiTimeoutMs' | 'timing' | 'dedupe' | 'pacing'>;
}

/** The composition root: database, HTTP, chat surfaces and scheduler, wired once. */
export async function startSteward({
  config,
  logger,
  clock = systemClock,
  dbName,
  instanceId,
  slackOptions,
  teamsSandbox = false,
}: StartOptions): Promise<StewardApp> {
  const database = await openDatabase(config, logger, { dbName });
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
  };
  try {
    const metrics = new StewardMetrics({ databaseUp: () => database.isHealthy() });
    const stored = createStore(database.connection, clock, {
      // A claim holds for its lease plus at most a quarter of it; the same on every replica (same config).
      checkinClaimWindowMs: Math.max(1_000, Math.floor(config.scheduler.claimLeaseMs / 4)),
    });
    // Check-ins and escalations are counted where they are recorded: every milestone is an audit event.
    const store: Store = { ...stored, audit: metrics.countingAudit(stored.audit) };
    await store.ensureIndexes();
    const surfaces = new ChatSurfaces();
    const services = createServices({
      store,
      surfaces,
      clock,
      logger,
      instanceId: instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      settings: {
        promptHour: config.scheduler.promptHour,
        reminderAfterHours: config.scheduler.reminderAfterHours,
        graceHours: config.scheduler.graceHours,
        repeatedBreachCount: config.scheduler.repeatedBreachCount,
        reviewPack: config.scheduler.reviewPack,
        defaultTimezone: config.defaultTimezone,
        groupPrompts: config.scheduler.groupPrompts,
        claimLeaseMs: config.scheduler.claimLeaseMs,
        chartFontFiles: config.chartFontFiles,
        fileLinks: {
          // Known once the server listens (PORT=0 picks a free port).
          publicUrl: () => config.fileLinks.publicUrl ?? listeningUrl,
          ttlMs: config.fileLinks.ttlHours * 3_600_000,
        },
      },
    });
    const http = new HttpServer(logger);
    let listeningUrl = `http://${config.host}:${config.port}`;
    if (services.deps.fileLinks) http.route(FILE_LINK_PATH, fileLinkRoute(services.deps.fileLinks));

    let scheduler: Scheduler | undefined;
    http.route('/healthz', async (_req, res) => {
      const databaseUp = await database.isHealthy();
      const healthy = databaseUp && !scheduler?.degraded();
      sendJson(res, healthy ? 200 : 503, {
        status: healthy ? 'ok' : 'degraded',
        database: databaseUp ? 'up' : 'down',
        scheduler: scheduler ? (scheduler.degraded() ? 'retrying' : 'ok') : 'off',
        surfaces: surfaces.enabled(),
      });
    });

    http.route('/metrics', async (req, res) => {
      if (config.metricsToken && !hasBearerToken(req.headers.authorization, config.metricsToken)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="steward-metrics"' });
        res.end('GET /metrics needs the METRICS_TOKEN as "Authorization: Bearer <token>".\n');
        return;
      }
      const body = await metrics.text();
      res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });

    if (config.slack.enabled) {
      const slack = createSlackSurface({
        config: config.slack,
        services,
        logger,
        clock,
        defaultTimezone: config.defaultTimezone,
        // Shared by every replica: a retried event is taken in once, wherever it lands.
        eventClaims: {
          claim: (eventId) => store.processedEvents.claim(eventId, 'slack'),
          release: (eventId) => store.processedEvents.release(eventId),
        },
        requestClaims: {
          claim: (key) => store.processedEvents.claim(key, 'slack-request'),
          claimMany: (keys) => store.processedEvents.claimMany(keys, 'slack-request'),
        },
        observeApiCall: metrics.observeApiCall,
        ...slackOptions,
      });
      surfaces.register(slack.surface);
      http.route('/slack', slack.requestListener);
      await slack.start();
      cleanups.push(() => slack.stop());
    }

    if (config.teams.enabled || teamsSandbox) {
      const teams = createTeamsSurface({
        config: config.teams,
        sandbox: teamsSandbox,
        services,
        logger,
        clock,
        listenHost: config.host,
        conversations: store.teamsConversations,
        defaultTimezone: config.defaultTimezone,
        observeApiCall: metrics.observeApiCall,
      });
      http.route(TEAMS_MESSAGING_PATH, teams.requestListener);
      await teams.start();
      surfaces.register(teams.surface);
      cleanups.push(() => teams.stop());
    }

    const address = await http.listen(config.port, config.host);
    cleanups.push(() => http.close());
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    // Links must be something a browser opens: an all-interfaces address is not.
    listeningUrl = /^(0\.0\.0\.0|::)$/.test(address.address) ? `http://localhost:${address.port}` : url;
    if (!config.fileLinks.publicUrl && (config.teams.enabled || config.slack.enabled)) {
      logger.warn(
        `PUBLIC_URL is not set: download links of exports and charts point at ${listeningUrl}, which people outside this machine cannot open. Set PUBLIC_URL to the https address Steward is reached at.`,
      );
    }

    if (config.scheduler.enabled) {
      scheduler = startScheduler({
        clock,
        logger,
        expression: config.scheduler.tickCron,
        // While the database is away a tick stops early (and /healthz says so) instead of timing out job by job.
        ready: () => database.isHealthy(),
        // Jobs with nothing due and nothing changed cost one read of the scheduler state per tick.
        state: store.schedulerState,
        jobs: scheduledJobs(services, store, config.scheduler.jobs),
        observeJob: metrics.observeJob,
      });
      const running = scheduler;
      cleanups.push(() => running.stop());
    }

    logger.info({ url, database: database.description }, `Steward listens on ${url}, data in ${database.description}`);
    for (const [surface, state] of [
      ['Slack', config.slack],
      ['Teams', config.teams],
    ] as const) {
      if (state.enabled) logger.info(`${surface} is on`);
      else if (surface === 'Teams' && teamsSandbox) logger.info('Teams is in the local playground sandbox');
      else logger.info(`${surface} is off: set ${state.missing.join(', ')} to turn it on`);
    }

    return { url, database, store, services, surfaces, scheduler, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Compares in constant time, so the token cannot be guessed a character at a time from response times. */
function hasBearerToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
