import { percentKpis, plainContract } from '../scripts/portfolio-fixtures';
import { type StewardApp, startSteward } from '../src/app';
import { loadConfig } from '../src/config';
import type { Person } from '../src/domain/types';
import { createLogger } from '../src/logger';
import type { Actor } from '../src/services/service-api';
import { percentile } from './support';

export interface ScorecardResult {
  kpis: number;
  months: number;
  scores: number;
  seedSeconds: number;
  /** The first read, which computes the read model from the collections. */
  firstMs: number;
  p50: number;
  samples: number;
}

export interface PortfolioResult {
  contracts: number;
  kpisPerContract: number;
  scores: number;
  seedSeconds: number;
  /** Building every contract's scorecard read model in one pass after the bulk load. */
  rebuildSeconds: number;
  /** p50 of the first page of `/steward list` (50 contracts with their overall RAG), or null when it timed out. */
  p50: number | null;
  samples: number;
  timeoutSeconds: number;
  /** One contract's portfolio line (its scorecard summary) in the same database. */
  oneSummarySeconds: number | null;
}

const owner: Person = { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' };
const ownerActor: Actor = { person: owner, surface: 'slack', external: false };

/** Monthly score documents, written straight through the driver (seeding only). */
function scoreDocs(reference: string, kpis: number, months: number, endYear: number, endMonth: number) {
  const docs: Record<string, unknown>[] = [];
  for (let m = 0; m < months; m += 1) {
    const start = new Date(Date.UTC(endYear, endMonth - months + m, 1));
    const end = new Date(Date.UTC(endYear, endMonth - months + m + 1, 1));
    const periodKey = start.toISOString().slice(0, 7);
    for (let k = 1; k <= kpis; k += 1) {
      const value = 95 + ((m * 7 + k * 3) % 50) / 10;
      docs.push({
        contractRef: reference,
        kpiKey: `kpi${k}`,
        kpiVersion: 1,
        periodKey,
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
  return docs;
}

export async function stewardOn(mongoUri: string, dbName: string): Promise<StewardApp> {
  const config = loadConfig({
    PORT: '0',
    MONGODB_URI: mongoUri,
    SCHEDULER_ENABLED: 'false',
    TZ_DEFAULT: 'UTC',
    LOG_LEVEL: 'silent',
    PLAYGROUND: 'false',
  });
  return startSteward({ config, logger: createLogger('silent'), dbName, instanceId: `bench-${dbName}` });
}

/** (3a) One contract's scorecard with 5 years of monthly scores on 50 KPIs, in a database of its own. */
export async function contractScorecard(options: { mongoUri: string }): Promise<ScorecardResult> {
  const app = await stewardOn(options.mongoUri, 'bench_scorecard');
  try {
    const kpis = 50;
    const months = 60;
    const seedStarted = Date.now();
    await app.store.contracts.createMany(
      [{ contract: plainContract('CARD-0001', owner), kpis: percentKpis(kpis, (k) => 1 + (k % 3)) }],
      { by: owner },
    );
    const docs = scoreDocs('CARD-0001', kpis, months, 2026, 10);
    await app.database.connection.collection('scores').insertMany(docs, { ordered: false });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const times: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const started = performance.now();
      const card = await app.services.contracts.scorecard(ownerActor, 'CARD-0001');
      times.push(performance.now() - started);
      if (card.lines.length !== kpis) throw new Error(`scorecard has ${card.lines.length} lines`);
    }
    // The first read computes the read model from the collections (the scores were written around Steward).
    return {
      kpis,
      months,
      scores: docs.length,
      seedSeconds,
      firstMs: times[0] ?? Number.NaN,
      p50: percentile(times.slice(5), 50),
      samples: 20,
    };
  } finally {
    await app.database.connection.dropDatabase().catch(() => undefined);
    await app.stop();
  }
}

/**
 * (3b) The portfolio view, `/steward list`'s first page with each contract's overall RAG and trend, over
 * 5,000 contracts and 1,000,000 scores. Seeded in large `insertMany` batches through the driver.
 */
export async function portfolio(options: {
  mongoUri: string;
  contracts: number;
  kpisPerContract: number;
  months: number;
  timeoutSeconds: number;
  log: (line: string) => void;
}): Promise<PortfolioResult> {
  const app = await stewardOn(options.mongoUri, 'bench_portfolio');
  const { contracts, kpisPerContract, months } = options;
  let abandon = false;
  try {
    const seedStarted = Date.now();
    for (let i = 0; i < contracts; i += 250) {
      const items = Array.from({ length: Math.min(250, contracts - i) }, (_, j) => ({
        contract: plainContract(`PORT-${String(i + j).padStart(5, '0')}`, owner),
        kpis: percentKpis(kpisPerContract, (k) => 1 + (k % 3)),
      }));
      await app.store.contracts.createMany(items, { by: owner });
    }
    const scores = app.database.connection.collection('scores');
    let written = 0;
    let batch: Record<string, unknown>[] = [];
    for (let i = 0; i < contracts; i += 1) {
      batch.push(...scoreDocs(`PORT-${String(i).padStart(5, '0')}`, kpisPerContract, months, 2026, 10));
      if (batch.length >= 20_000 || i === contracts - 1) {
        await scores.insertMany(batch, { ordered: false });
        written += batch.length;
        batch = [];
        if (written % 200_000 === 0) options.log(`    … ${written.toLocaleString('en')} scores seeded`);
      }
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    // The scores were loaded around Steward, as an import or an upgrade would: build the read models once.
    const rebuildStarted = Date.now();
    const since = new Date();
    since.setUTCMonth(since.getUTCMonth() - 18);
    await app.store.scorecardInputs.rebuildAll(since);
    const rebuildSeconds = (Date.now() - rebuildStarted) / 1000;
    options.log(
      `    seeded ${contracts} contracts and ${written.toLocaleString('en')} scores in ${seedSeconds.toFixed(0)} s`,
    );

    const timeout = <T>(work: Promise<T>) =>
      Promise.race([
        work.then((value) => ({ value })),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), options.timeoutSeconds * 1000).unref()),
      ]);
    // One contract's line first, on a quiet database: what each of the page's lines costs.
    const contract = await app.store.contracts.require('PORT-00000');
    const oneStarted = performance.now();
    const one = await timeout(app.services.contracts.summaryOf(contract, false));
    const oneSummarySeconds = one ? (performance.now() - oneStarted) / 1000 : null;
    const times: number[] = [];
    let timedOut = false;
    for (let i = 0; i < 5 && !timedOut; i += 1) {
      const started = performance.now();
      const page = await timeout(app.services.contracts.list(ownerActor, {}));
      if (!page) timedOut = true;
      else times.push(performance.now() - started);
    }
    // A page that timed out keeps the database busy for minutes; this process and its temporary database
    // are thrown away instead of waiting for it.
    abandon = timedOut;
    return {
      contracts,
      kpisPerContract,
      scores: written,
      seedSeconds,
      rebuildSeconds,
      p50: timedOut ? null : percentile(times, 50),
      samples: times.length,
      timeoutSeconds: options.timeoutSeconds,
      oneSummarySeconds,
    };
  } finally {
    if (!abandon) {
      await app.database.connection.dropDatabase().catch(() => undefined);
      await app.stop();
    }
  }
}
