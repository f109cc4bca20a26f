import { seedDueCheckins } from '../scripts/seed-due-checkins';
import { startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { cpuMs, peakRss, type StandinProcess } from './support';

export interface FanOutResult {
  checkins: number;
  channels: number;
  seedSeconds: number;
  wallSeconds: number;
  stewardCpuMsPerPrompt: number;
  standinCpuMsPerPrompt: number;
  peakRssMb: number;
  posts: number;
  /** Commands Steward sent the database during the fan-out, per prompt, in all and by command and collection. */
  dbCommandsPerPrompt: number;
  dbCommandsByKind: Record<string, number>;
}

export interface PacedResult {
  channels: number;
  perChannel: number;
  limit: string;
  wallSeconds: number;
  minimumSeconds: number;
  ratio: number;
  rejected: number;
}

async function stewardOn(mongoUri: string, standin: StandinProcess, dbName: string) {
  const config = loadConfig({
    PORT: '0',
    // Command monitoring lets the fan-out count its database round trips (commandStarted events).
    MONGODB_URI: `${mongoUri}${mongoUri.includes('?') ? '&' : '?'}monitorCommands=true`,
    SCHEDULER_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: standin.apiUrl,
    TZ_DEFAULT: 'UTC',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'false',
    // One message per check-in: every check-in is a post, and channels carry several.
    GROUP_PROMPTS: 'false',
  });
  return startSteward({
    config,
    logger: createLogger((process.env.BENCH_LOG_LEVEL as 'debug' | undefined) ?? 'silent'),
    dbName,
    instanceId: `bench-${dbName}`,
  });
}

/** Runs the scheduler's dispatch until every seeded check-in is prompted (a run ends when nothing is claimable). */
async function dispatchAll(steward: Awaited<ReturnType<typeof stewardOn>>, total: number): Promise<number> {
  let prompted = 0;
  for (let run = 0; run < 20 && prompted < total; run += 1) {
    prompted += (await steward.services.checkins.dispatchDue(new Date())).prompted;
  }
  if (prompted !== total) throw new Error(`only ${prompted} of ${total} check-ins were prompted`);
  return prompted;
}

/** Seeds `channels × perChannel` due check-ins into `dbName` through a Steward of its own; for `fanOut`. */
export async function seedFanOut(options: {
  mongoUri: string;
  dbName: string;
  channels: number;
  perChannel: number;
  prefix: string;
}): Promise<{ checkins: number; seconds: number }> {
  const config = loadConfig({
    PORT: '0',
    MONGODB_URI: options.mongoUri,
    SCHEDULER_ENABLED: 'false',
    TZ_DEFAULT: 'UTC',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'false',
  });
  const steward = await startSteward({
    config,
    logger: createLogger('silent'),
    dbName: options.dbName,
    instanceId: 'bench-seed',
  });
  try {
    const started = Date.now();
    const seeded = await seedDueCheckins(steward.store, {
      contracts: options.channels,
      kpisPerContract: options.perChannel,
      dueAt: new Date(Date.now() - 60_000),
      prefix: options.prefix,
    });
    return { checkins: seeded.checkinIds.length, seconds: (Date.now() - started) / 1000 };
  } finally {
    await steward.stop();
  }
}

/**
 * (2a) Fan-out of `channels × perChannel` due check-ins to a stand-in that answers at once: Steward's own CPU
 * per prompt (this process; the stand-in and the database run in their own) and this process's peak RSS.
 */
export async function fanOut(options: {
  mongoUri: string;
  standin: StandinProcess;
  channels: number;
  perChannel: number;
  /** Seeds the due check-ins into `dbName` (in another process, so its memory is not counted here). */
  seed: (dbName: string) => Promise<{ checkins: number; seconds: number }>;
}): Promise<FanOutResult> {
  const { standin } = options;
  await standin.reset();
  await standin.rateLimit(null);
  const seeded = await options.seed('bench_fanout');
  const seedSeconds = seeded.seconds;
  const total = seeded.checkins;
  const steward = await stewardOn(options.mongoUri, standin, 'bench_fanout');
  try {
    const commands = new Map<string, number>();
    steward.database.connection.getClient().on('commandStarted', (event) => {
      const collection = event.command[event.commandName];
      const kind = typeof collection === 'string' ? `${event.commandName} ${collection}` : event.commandName;
      commands.set(kind, (commands.get(kind) ?? 0) + 1);
    });
    const standinBefore = (await standin.stats()).cpu;
    const cpuBefore = process.cpuUsage();
    const started = Date.now();
    const { peakMb } = await peakRss(() => dispatchAll(steward, total));
    const wallSeconds = (Date.now() - started) / 1000;
    const stewardCpu = cpuMs(cpuBefore);
    const stats = await standin.stats();
    const standinCpu = (stats.cpu.user + stats.cpu.system - standinBefore.user - standinBefore.system) / 1000;
    return {
      checkins: total,
      channels: options.channels,
      seedSeconds,
      wallSeconds,
      stewardCpuMsPerPrompt: stewardCpu / total,
      standinCpuMsPerPrompt: standinCpu / total,
      peakRssMb: peakMb,
      posts: stats.posts,
      dbCommandsPerPrompt: [...commands.values()].reduce((sum, n) => sum + n, 0) / total,
      dbCommandsByKind: Object.fromEntries(
        [...commands.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => [kind, Number((n / total).toFixed(3))]),
      ),
    };
  } finally {
    await steward.database.connection.dropDatabase().catch(() => undefined);
    await steward.stop();
  }
}

/**
 * (2b) The same with the stand-in enforcing Slack's pace, one post a second per channel after a burst of 3:
 * how long the fan-out took against the least the limit allows, (perChannel − burst) seconds.
 */
export async function pacedFanOut(options: {
  mongoUri: string;
  standin: StandinProcess;
  channels: number;
  perChannel: number;
}): Promise<PacedResult> {
  const { standin } = options;
  const burst = 3;
  await standin.reset();
  const steward = await stewardOn(options.mongoUri, standin, 'bench_paced');
  try {
    const seeded = await seedDueCheckins(steward.store, {
      contracts: options.channels,
      kpisPerContract: options.perChannel,
      dueAt: new Date(Date.now() - 60_000),
      prefix: 'PACED',
    });
    await standin.rateLimit({ perSecond: 1, burst });
    const started = Date.now();
    await dispatchAll(steward, seeded.checkinIds.length);
    const wallSeconds = (Date.now() - started) / 1000;
    const stats = await standin.stats();
    const minimumSeconds = options.perChannel - burst;
    return {
      channels: options.channels,
      perChannel: options.perChannel,
      limit: `1 post/s per channel, burst ${burst}`,
      wallSeconds,
      minimumSeconds,
      ratio: wallSeconds / minimumSeconds,
      rejected: stats.rejected,
    };
  } finally {
    await standin.rateLimit(null);
    await steward.database.connection.dropDatabase().catch(() => undefined);
    await steward.stop();
  }
}
