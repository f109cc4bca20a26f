import { type StartOptions, type StewardApp, startSteward } from '../../src/app';
import { loadConfig } from '../../src/config';
import { type Clock, fixedClock } from '../../src/domain/clock';
import { createLogger } from '../../src/logger';
import { testDatabaseUri, uniqueDatabaseName } from './database';
import { postToSlackApp } from './slack-requests';
import { type SlackStandin, startSlackStandin } from './slack-standin';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface StewardUnderTest {
  app: StewardApp;
  slack: SlackStandin;
  clock: Clock & { set(at: Date | string): void; advance(ms: number): void };
  /** Posts a Slack-signed request to the running app's /slack/events. */
  send(
    kind: 'command' | 'interaction' | 'event',
    body: object | string,
    options?: { timestamp?: number; signature?: string },
  ): ReturnType<typeof postToSlackApp>;
  stop(): Promise<void>;
}

/**
 * The whole service as it runs in production: real HTTP server, real Bolt receiver, real store on the
 * test FerretDB; Slack's Web API is the loopback stand-in. The scheduler is off: tests call the
 * services' scheduled work directly after moving the clock.
 */
export async function startStewardWithSlack(
  options: {
    start?: string;
    dbName?: string;
    instanceId?: string;
    standin?: SlackStandin;
    env?: Record<string, string>;
  } = {},
): Promise<StewardUnderTest> {
  const clock = fixedClock(options.start ?? '2026-03-02T08:00:00Z');
  const slack = options.standin ?? (await startSlackStandin());
  const config = loadConfig({
    PORT: '0',
    MONGODB_URI: testDatabaseUri(),
    SCHEDULER_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    TZ_DEFAULT: 'Europe/Berlin',
    ...options.env,
  });
  const start: StartOptions = {
    config,
    logger: createLogger(process.env.STEWARD_TEST_LOG ?? 'silent'),
    clock,
    dbName: options.dbName ?? uniqueDatabaseName('e2e'),
    instanceId: options.instanceId ?? 'e2e-replica',
    slackOptions: { webApiRetries: { retries: 2, minTimeout: 10, maxTimeout: 50, factor: 1 } },
  };
  const app = await startSteward(start);
  return {
    app,
    slack,
    clock,
    send: (kind, body, sendOptions = {}) =>
      postToSlackApp(app.url, kind, body as never, {
        secret: TEST_SIGNING_SECRET,
        timestamp: sendOptions.timestamp ?? Math.floor(Date.now() / 1000),
        signature: sendOptions.signature,
      }),
    async stop() {
      await app.database.connection.dropDatabase().catch(() => undefined);
      await app.stop();
      if (!options.standin) await slack.close();
    },
  };
}

/**
 * A running contract with one monthly availability KPI (breach below 97 %) whose owner answers in `channelId`:
 * the smallest portfolio a Slack check-in loop needs. Set up through the services, as the owner.
 */
export async function seedAvailabilityContract(
  steward: StewardUnderTest,
  options: { reference: string; title: string; channelId: string; ownerId: string; teamId: string },
): Promise<void> {
  const owner = {
    person: { slackUserId: options.ownerId, slackTeamId: options.teamId },
    surface: 'slack' as const,
    external: false,
  };
  const { contracts } = steward.app.services;
  await contracts.create(owner, {
    reference: options.reference,
    title: options.title,
    vendorName: 'Acme Networks',
    value: 100000,
    currency: 'EUR',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    status: 'active',
  });
  await contracts.upsertKpi(owner, options.reference, {
    key: 'availability',
    name: 'Availability',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 97,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    vendorVisible: true,
  });
  await contracts.linkChannel(owner, options.reference, {
    surface: 'slack',
    channelId: options.channelId,
    purpose: 'internal',
  });
}
