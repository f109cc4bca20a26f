import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentKpis, plainContract } from '../scripts/portfolio-fixtures';
import { type StewardApp, startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import type { Person } from '../src/domain/types';
import { createLogger } from '../src/logger';
import { postToSlackApp, slashCommandBody } from '../test/support/slack-requests';
import { TEST_WORKSPACE } from '../test/support/slack-standin';
import { peakRss, percentile, type StandinProcess } from './support';

export interface ListBurstResult {
  contracts: number;
  kpisPerContract: number;
  scores: number;
  readers: number;
  /** Seconds from sending a request to its answer arriving on its response_url. */
  p50: number;
  p95: number;
  max: number;
  /** Slowest HTTP acknowledgement of the 200 requests. */
  maxAckMs: number;
  answered: number;
  /** Score reads made to compute read models, and how many contracts were on the page. */
  computations: number;
  pageContracts: number;
  healthChecks: number;
  healthDown: number;
  peakRssMb: number;
  baseRssMb: number;
}

const SECRET = 'bench-list-secret';

/**
 * (6) 200 people run `/steward list` at the same moment right after 200 contracts were loaded (no scorecard
 * read model yet): how long until each answer arrives, how many times each read model is computed, whether
 * /healthz says the database is down meanwhile, and Steward's peak RSS. Steward runs in this process (its
 * RSS is what is sampled); the answers come to a small response_url server here, Slack's Web API is the
 * stand-in in its own process.
 */
export async function listBurst(options: {
  mongoUri: string;
  standin: StandinProcess;
  contracts: number;
  kpisPerContract: number;
  months: number;
  readers: number;
}): Promise<ListBurstResult> {
  const { contracts, kpisPerContract, months, readers } = options;
  const answers = new Map<string, number>();
  const responses = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      answers.set(req.url ?? '', performance.now());
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => responses.listen(0, '127.0.0.1', resolve));
  const responseBase = `http://127.0.0.1:${(responses.address() as AddressInfo).port}`;

  const config = loadConfig({
    PORT: '0',
    MONGODB_URI: options.mongoUri,
    SCHEDULER_ENABLED: 'false',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: options.standin.apiUrl,
    TZ_DEFAULT: 'UTC',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'false',
  });
  const steward = await startSteward({
    config,
    logger: createLogger('silent'),
    dbName: 'bench_list_burst',
    instanceId: 'bench-list',
  });
  try {
    const owner: Person = { name: 'Alice', slackUserId: TEST_WORKSPACE.user.id, slackTeamId: TEST_WORKSPACE.teamId };
    const reference = (i: number) => `BURST-${String(i).padStart(4, '0')}`;
    await steward.store.contracts.createMany(
      Array.from({ length: contracts }, (_, i) => ({
        contract: plainContract(reference(i), owner),
        kpis: percentKpis(kpisPerContract),
      })),
      { by: owner, effectiveFrom: new Date('2020-01-01T00:00:00Z') },
    );
    const scoreCount = await seedScores(steward.database.connection, {
      contracts,
      kpisPerContract,
      months,
      owner,
      reference,
    });

    // Each computation of read models reads scores once (store/scorecard-inputs.ts `computeMany`), for one or
    // more contracts: count the contracts each read was for.
    const Score = steward.database.connection.model('Score');
    const original = Score.find.bind(Score);
    let computations = 0;
    Score.find = ((filter: unknown, ...rest: unknown[]) => {
      computations += (JSON.stringify(filter ?? {}).match(/BURST-\d{4}/g) ?? []).length;
      return (original as (...args: unknown[]) => unknown)(filter, ...rest);
    }) as typeof Score.find;

    global.gc?.();
    const baseRssMb = process.memoryUsage().rss / 2 ** 20;
    let health = { checks: 0, down: 0 };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const response = await fetch(`${steward.url}/healthz`);
        const body = (await response.json()) as { database?: string };
        health = { checks: health.checks + 1, down: health.down + (body.database === 'up' ? 0 : 1) };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const sentAt = new Map<string, number>();
    const acks: number[] = [];
    const { peakMb } = await peakRss(async () => {
      await Promise.all(
        Array.from({ length: readers }, async (_, n) => {
          const path = `/response/list-${n}`;
          const started = performance.now();
          sentAt.set(path, started);
          const response = await postToSlackApp(
            steward.url,
            'command',
            slashCommandBody({ text: 'list', response_url: `${responseBase}${path}` }),
            { secret: SECRET },
          );
          acks.push(performance.now() - started);
          if (response.status !== 200) throw new Error(`/steward list: HTTP ${response.status} ${response.text}`);
        }),
      );
      const deadline = Date.now() + 600_000;
      while (answers.size < readers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    });
    watching = false;
    await watcher;
    Score.find = original as typeof Score.find;

    const seconds = [...sentAt].flatMap(([path, at]) => {
      const answered = answers.get(path);
      return answered === undefined ? [] : [(answered - at) / 1000];
    });
    return {
      contracts,
      kpisPerContract,
      scores: scoreCount,
      readers,
      p50: percentile(seconds, 50),
      p95: percentile(seconds, 95),
      max: Math.max(...seconds),
      maxAckMs: Math.max(...acks),
      answered: seconds.length,
      computations,
      pageContracts: Math.min(50, contracts),
      healthChecks: health.checks,
      healthDown: health.down,
      peakRssMb: peakMb,
      baseRssMb,
    };
  } finally {
    await steward.database.connection.dropDatabase().catch(() => undefined);
    await steward.stop();
    responses.close();
  }
}

/** Scores loaded around Steward, as an import or a migration does: afterwards no contract has a read model. */
async function seedScores(
  connection: StewardApp['database']['connection'],
  options: {
    contracts: number;
    kpisPerContract: number;
    months: number;
    owner: Person;
    reference: (i: number) => string;
  },
): Promise<number> {
  const { contracts, kpisPerContract, months, owner, reference } = options;
  const now = new Date();
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < contracts; i += 1) {
    for (let m = 0; m < months; m += 1) {
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + m, 1));
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + m + 1, 1));
      for (let k = 1; k <= kpisPerContract; k += 1) {
        const value = 95 + ((m * 7 + k * 3 + i) % 50) / 10;
        docs.push({
          contractRef: reference(i),
          kpiKey: `kpi${k}`,
          kpiVersion: 1,
          periodKey: start.toISOString().slice(0, 7),
          periodStart: start,
          periodEnd: end,
          value,
          rag: value >= 98 ? 'green' : value >= 96 ? 'amber' : 'red',
          answeredBy: owner,
          answeredAt: end,
          surface: 'import',
          revision: 1,
          corrections: [],
          createdAt: end,
          updatedAt: end,
        });
      }
    }
  }
  const scores = connection.collection('scores');
  for (let i = 0; i < docs.length; i += 20_000) await scores.insertMany(docs.slice(i, i + 20_000), { ordered: false });
  await connection.collection('scorecard_inputs').deleteMany({});
  return docs.length;
}
