import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import type { Actor } from '../src/services/service-api';
import { TEST_WORKSPACE } from '../test/support/slack-standin';

/**
 * The two servers of the acknowledgement benchmark, each in a process of its own (as Slack's requests come
 * from elsewhere): `node ack-server.js steward|bare`. It answers on IPC with its URL (and, for Steward, the
 * check-in whose button is clicked), then serves until it is told to exit.
 */
export const ACK_SECRET = 'bench-signing-secret';
export const ACK_CHANNEL = 'C0BENCH';
const SECRET = ACK_SECRET;
const CHANNEL = ACK_CHANNEL;

async function startStewardServer(options: {
  mongoUri: string;
  standin: { apiUrl: string };
}): Promise<{ url: string; checkinId: string; newCheckin(): Promise<string>; stop(): Promise<void> }> {
  const { standin } = options;
  const config = loadConfig({
    PORT: '0',
    MONGODB_URI: options.mongoUri,
    SCHEDULER_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: standin.apiUrl,
    TZ_DEFAULT: 'Europe/Berlin',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'false',
  });
  const steward = await startSteward({
    config,
    logger: createLogger('silent'),
    dbName: 'bench_ack',
    instanceId: 'bench',
  });
  const owner: Actor = {
    person: { slackUserId: TEST_WORKSPACE.user.id, slackTeamId: TEST_WORKSPACE.teamId },
    surface: 'slack',
    external: false,
  };
  const { services, store } = steward;
  await store.contracts.discard('BENCH-ACK').catch(() => undefined);
  await services.contracts.create(owner, {
    reference: 'BENCH-ACK',
    title: 'Benchmark contract',
    vendorName: 'Bench Vendor',
    value: 100000,
    currency: 'EUR',
    startDate: '2025-01-01',
    endDate: '2028-12-31',
    status: 'active',
  });
  await services.contracts.upsertKpi(owner, 'BENCH-ACK', {
    key: 'uptime',
    name: 'Uptime',
    unit: '%',
    kind: 'percent',
    direction: 'higher-is-better',
    baseline: 98,
    target: 99.5,
    warningThreshold: 99,
    breachThreshold: 98,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    vendorVisible: true,
  });
  await services.contracts.linkChannel(owner, 'BENCH-ACK', {
    surface: 'slack',
    channelId: CHANNEL,
    purpose: 'internal',
  });
  const { checkin } = await store.checkins.ensure({
    contractRef: 'BENCH-ACK',
    kpiKey: 'uptime',
    kpiVersion: 1,
    periodKey: '2026-01',
    periodStart: new Date('2025-12-31T23:00:00Z'),
    periodEnd: new Date('2026-01-31T23:00:00Z'),
    dueAt: new Date('2026-02-02T08:00:00Z'),
    respondent: { role: 'owner', people: [owner.person] },
  });

  let period = 0;
  return {
    url: steward.url,
    checkinId: checkin.id,
    // A fresh check-in (the next month) for a burst of submissions, since only the first answer of one counts.
    async newCheckin() {
      period += 1;
      const start = new Date(Date.UTC(2026, 1 + period, 1));
      const end = new Date(Date.UTC(2026, 2 + period, 1));
      const { checkin: fresh } = await store.checkins.ensure({
        contractRef: 'BENCH-ACK',
        kpiKey: 'uptime',
        kpiVersion: 1,
        periodKey: start.toISOString().slice(0, 7),
        periodStart: start,
        periodEnd: end,
        dueAt: new Date(end.getTime() + 2 * 86_400_000),
        respondent: { role: 'owner', people: [owner.person] },
      });
      return fresh.id;
    },
    async stop() {
      await steward.database.connection.dropDatabase().catch(() => undefined);
      await steward.stop();
    },
  };
}

/** The same Bolt version and receiver, answering the same signed requests with nothing but `ack()`. */
async function startBareBolt(): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
  });
  const app = new App({
    receiver,
    authorize: async () => ({
      botToken: 'xoxb-bare',
      botId: TEST_WORKSPACE.botId,
      botUserId: TEST_WORKSPACE.botUserId,
      teamId: TEST_WORKSPACE.teamId,
    }),
  });
  app.command('/steward', async ({ ack }) => {
    await ack();
  });
  app.action('checkin_open_score', async ({ ack }) => {
    await ack();
  });
  const server = (await receiver.start({ port: 0, host: '127.0.0.1' })) as unknown as { address(): AddressInfo };
  void app;
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, stop: () => receiver.stop() };
}

async function main(): Promise<void> {
  const which = process.argv[2];
  const server: { url: string; newCheckin?: () => Promise<string>; stop(): Promise<void> } =
    which === 'steward'
      ? await startStewardServer({
          mongoUri: process.env.BENCH_MONGO_URI ?? '',
          standin: { apiUrl: process.env.BENCH_SLACK_API_URL ?? '' },
        })
      : await startBareBolt();
  process.on('message', async (message: { cmd?: string }) => {
    if (message.cmd === 'checkin' && server.newCheckin) {
      process.send?.({ checkin: await server.newCheckin() });
      return;
    }
    if (message.cmd !== 'exit') return;
    await server.stop().catch(() => undefined);
    process.send?.({ stopped: true });
    process.exit(0);
  });
  process.send?.({ ready: true, url: server.url, checkinId: 'checkinId' in server ? server.checkinId : null });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`ack server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
