import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, startEmbeddedDatabase } from '../src/store/embedded-database';
import { type AckRow, ackLatency, submissionBurst } from './ack-latency';
import type { ChartName, ChartResult, ImportResult } from './charts-imports';
import type { FanOutResult, PacedResult } from './fan-out';
import { forecastBacktest, HORIZON } from './forecast-backtest';
import type { IdleTickResult } from './idle-tick';
import type { ListBurstResult } from './list-burst';
import type { ListPagingResult } from './list-paging';
import { runPart } from './part';
import { mergeResults } from './results-file';
import type { PortfolioResult, ScorecardResult } from './scorecards';
import { machine, ms, startStandinProcess } from './support';
import type { UnreachableOwnerResult } from './unreachable-owner';

/**
 * `npm run bench`: every benchmark in one run, printed as tables and saved to bench/RESULTS.md. The database is
 * a fresh embedded FerretDB (SQLite) in a temporary directory; Slack is the stand-in in a child process.
 * BENCH_QUICK=1 shrinks every size for a smoke run.
 */
const quick = process.env.BENCH_QUICK === '1';
/**
 * BENCH_ONLY=ack,submit-burst,fan-out,reads,list-burst,list-paging,charts,imports,idle-tick,unreachable,forecast runs some of them and
 * replaces only their sections of RESULTS.md (results-file.ts).
 */
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const wanted = (part: string) => !only || only.includes(part);
const HEAP_CAP_MB = 160;
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const progress = (line: string) => process.stderr.write(`${line}\n`);

function table(header: string[], rows: string[][]): void {
  say(`| ${header.join(' | ')} |`);
  say(`| ${header.map(() => '---').join(' | ')} |`);
  for (const row of rows) say(`| ${row.join(' | ')} |`);
  say();
}

async function main(): Promise<void> {
  const host = machine();
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  progress('starting the embedded database and the Slack stand-in…');
  const database = await startEmbeddedDatabase({ dataDir, quietBuild: true });
  const standin = await startStandinProcess();
  const started = Date.now();
  try {
    say(`# Steward benchmarks`);
    say();
    say(
      `${new Date().toISOString().slice(0, 10)} · ${host.nproc} CPUs (${host.cpu}) · ${host.memoryGiB} GiB memory · Node ${host.node} · embedded FerretDB 1.24 on SQLite${quick ? ' · QUICK sizes' : ''}`,
    );
    say();

    if (wanted('ack')) {
      progress('(1) acknowledgement latency…');
      const loadBefore = loadavg()[0]!;
      const acks: AckRow[] = await ackLatency({ mongoUri: database.uri, standin, rounds: quick ? 3 : 7 });
      const loadAfter = loadavg()[0]!;
      say('## 1. Acknowledgement latency (signed request → HTTP answer), Steward vs a bare Bolt app');
      say();
      say(
        `Medians of ${acks[0]?.rounds ?? 0} alternating rounds (each round measures both servers, which goes first alternating); ` +
          `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
      );
      say();
      table(
        [
          'request',
          'concurrency',
          'requests per round',
          'Steward p50',
          'Steward p99',
          'bare Bolt p50',
          'bare Bolt p99',
          'p99 ratio of the medians (goal ≤ 1.5)',
          'p99 ratio per round',
        ],
        acks.map((row) => [
          row.request,
          String(row.concurrency),
          String(row.requestsPerRound),
          ms(row.steward.p50),
          ms(row.steward.p99),
          ms(row.bare.p50),
          ms(row.bare.p99),
          (row.steward.p99 / row.bare.p99).toFixed(2),
          row.roundRatios.map((ratio) => ratio.toFixed(2)).join(', '),
        ]),
      );
    }
    if (wanted('ack') || wanted('submit-burst')) {
      progress('(1b) 50 concurrent submissions of one check-in…');
      const burst = await submissionBurst({ mongoUri: database.uri, standin, rounds: quick ? 2 : 10, perRound: 50 });
      say('## 1b. 50 score submissions of one check-in at the same moment (signed view submissions → acknowledgement)');
      say();
      table(
        [
          'rounds × submissions',
          'p50',
          'p95',
          'slowest (goal < 1 s)',
          'slowest of each round',
          'modals closed per round',
        ],
        [
          [
            `${burst.rounds} × ${burst.perRound}`,
            ms(burst.p50),
            ms(burst.p95),
            ms(burst.max),
            burst.roundMax.map((value) => value.toFixed(0)).join(', '),
            burst.accepted.join(', '),
          ],
        ],
      );
    }
    if (wanted('fan-out')) {
      progress('(2) fan-out…');
      const channels = quick ? 200 : 2_000;
      // BENCH_CPU_PROF=<dir>: the uncapped fan-out writes a V8 CPU profile there (`node --cpu-prof`).
      const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const fan = await runPart<FanOutResult>('fan-out', database.uri, { channels, perChannel: 5 }, profile);
      // V8 sizes its heap to the machine (23 GiB here) and collects lazily; the same run with the old space
      // capped shows how much of the peak is live data and how much uncollected garbage.
      const capped = await runPart<FanOutResult>('fan-out', database.uri, { channels, perChannel: 5 }, [
        `--max-old-space-size=${HEAP_CAP_MB}`,
      ]);
      // At the stated scale (five messages per channel) the limit allows a few seconds and the database's
      // write rate decides; with twenty per channel the pace itself is what is measured.
      const pacedRuns = [
        await runPart<PacedResult>('paced-fan-out', database.uri, { channels, perChannel: 5 }),
        await runPart<PacedResult>('paced-fan-out', database.uri, {
          channels: quick ? 50 : 200,
          perChannel: quick ? 8 : 20,
        }),
      ];
      say('## 2. Fan-out of due check-ins (one message per check-in)');
      say();
      table(
        [
          'scale',
          'Steward CPU per prompt (goal < 2 ms)',
          'peak RSS (goal < 300 MB)',
          'wall time',
          'stand-in CPU per prompt',
          'database commands per prompt',
          'seeding',
        ],
        [
          [fan, 'Node defaults'],
          [capped, `--max-old-space-size=${HEAP_CAP_MB}`],
        ].map(([run, heap]) => {
          const result = run as FanOutResult;
          return [
            `${result.checkins.toLocaleString('en')} check-ins, ${result.channels.toLocaleString('en')} channels, stand-in answers at once; ${heap}`,
            ms(result.stewardCpuMsPerPrompt, 2),
            `${result.peakRssMb.toFixed(0)} MB`,
            `${result.wallSeconds.toFixed(1)} s`,
            ms(result.standinCpuMsPerPrompt, 2),
            result.dbCommandsPerPrompt.toFixed(2),
            `${result.seedSeconds.toFixed(1)} s`,
          ];
        }),
      );
      say(
        `Database commands per prompt, Node defaults run: ${Object.entries(fan.dbCommandsByKind)
          .filter(([, perPrompt]) => perPrompt >= 0.01)
          .map(([kind, perPrompt]) => `${kind} ${perPrompt}`)
          .join(', ')}.`,
      );
      say();
      table(
        [
          'scale',
          'Slack limit (stand-in)',
          'total time',
          'minimum allowed',
          'ratio (goal ≤ 1.5 at 2,000 × 5, ≤ 1.1 at 200 × 20)',
          '429s',
        ],
        pacedRuns.map((paced) => [
          `${paced.channels.toLocaleString('en')} channels × ${paced.perChannel} messages`,
          paced.limit,
          `${paced.wallSeconds.toFixed(1)} s`,
          `${paced.minimumSeconds.toFixed(1)} s`,
          paced.ratio.toFixed(2),
          String(paced.rejected),
        ]),
      );
    }
    if (wanted('reads')) {
      progress('(3) scorecard and portfolio…');
      const card = await runPart<ScorecardResult>('scorecard', database.uri, {});
      const port = await runPart<PortfolioResult>('portfolio', database.uri, {
        contracts: quick ? 500 : 5_000,
        kpisPerContract: 10,
        months: 20,
        timeoutSeconds: quick ? 20 : 60,
      });
      say('## 3. Scorecard and portfolio reads');
      say();
      table(
        ['read', 'data', 'p50', 'goal', 'seeding', 'read model'],
        [
          [
            'contract scorecard',
            `1 contract, ${card.kpis} KPIs × ${card.months} months = ${card.scores.toLocaleString('en')} scores (own database)`,
            ms(card.p50),
            '< 50 ms',
            `${card.seedSeconds.toFixed(1)} s`,
            `built by the first read: ${ms(card.firstMs)}`,
          ],
          [
            'portfolio (/steward list, first 50 with overall RAG)',
            `${port.contracts.toLocaleString('en')} contracts × ${port.kpisPerContract} KPIs, ${port.scores.toLocaleString('en')} scores`,
            port.p50 === null
              ? `> ${port.timeoutSeconds} s (stopped); one contract's line alone: ${port.oneSummarySeconds === null ? `> ${port.timeoutSeconds} s` : `${port.oneSummarySeconds.toFixed(1)} s`}`
              : ms(port.p50),
            '< 1 s',
            `${port.seedSeconds.toFixed(0)} s`,
            `built for all contracts in one pass: ${port.rebuildSeconds.toFixed(0)} s`,
          ],
        ],
      );
    }
    if (wanted('list-burst')) {
      progress('(3c) 200 concurrent /steward list on a cold portfolio…');
      const burst = await runPart<ListBurstResult>('list-burst', database.uri, {
        contracts: 200,
        kpisPerContract: 10,
        months: 12,
        readers: quick ? 50 : 200,
      });
      say('## 3c. Concurrent `/steward list` on a cold portfolio (no read model yet), Steward in one process');
      say();
      table(
        [
          'burst',
          'answer p50',
          'answer p95',
          'slowest answer (goal < 30 s)',
          'slowest ack',
          'read models computed (page of 50)',
          '/healthz "database down"',
          'peak RSS (goal < 500 MB)',
        ],
        [
          [
            `${burst.readers} × /steward list at once, ${burst.contracts} contracts × ${burst.kpisPerContract} KPIs, ${burst.scores.toLocaleString('en')} scores`,
            `${burst.p50.toFixed(2)} s`,
            `${burst.p95.toFixed(2)} s`,
            `${burst.max.toFixed(2)} s (${burst.answered}/${burst.readers} answered)`,
            ms(burst.maxAckMs),
            `${burst.computations} for ${burst.pageContracts} contracts`,
            `${burst.healthDown} of ${burst.healthChecks} checks`,
            `${burst.peakRssMb.toFixed(0)} MB (${burst.baseRssMb.toFixed(0)} MB before)`,
          ],
        ],
      );
    }
    if (wanted('list-paging')) {
      progress('(3d) list pages and picker queries at two portfolio sizes…');
      const sizes = quick ? [100, 500] : [500, 5_000];
      const rows: ListPagingResult[] = [];
      for (const contracts of sizes)
        rows.push(await runPart<ListPagingResult>('list-paging', database.uri, { contracts }));
      const [small, large] = rows as [ListPagingResult, ListPagingResult];
      say("## 3d. `list` pages and the contract picker's query over the stored standings (p95)");
      say();
      const grows = (pick: (r: ListPagingResult) => number) => `× ${(pick(large) / pick(small)).toFixed(1)}`;
      table(
        [
          'read',
          ...rows.map((r) => `${r.contracts.toLocaleString('en')} contracts`),
          `growth (× ${large.contracts / small.contracts} contracts)`,
          'goal at 5,000',
        ],
        [
          [
            'first page (20, worst first, with the total)',
            ...rows.map((r) => ms(r.firstPage)),
            grows((r) => r.firstPage),
            '< 300 ms',
          ],
          ['a page in the middle', ...rows.map((r) => ms(r.laterPage)), grows((r) => r.laterPage), '< 300 ms'],
          [
            'status + owner + word, with the total',
            ...rows.map((r) => ms(r.filteredPage)),
            grows((r) => r.filteredPage),
            '< 300 ms',
          ],
          [
            'picker query (a typed word, 100 options)',
            ...rows.map((r) => ms(r.pickerQuery)),
            grows((r) => r.pickerQuery),
            '< 150 ms',
          ],
        ],
      );
      say(
        `${rows[0]?.samples} reads each, one after another, on a quiet database; each contract has 3 KPIs. Seeding (bulk create with standings and scorecard inputs): ${rows.map((r) => `${r.seedSeconds.toFixed(0)} s`).join(' and ')}.`,
      );
      say();
    }
    if (wanted('idle-tick')) {
      progress('(4) idle scheduler tick…');
      const sizes = quick ? [50, 500] : [50, 5_000];
      const ticks: IdleTickResult[] = [];
      for (const contracts of sizes)
        ticks.push(await runPart<IdleTickResult>('idle-tick', database.uri, { contracts }));
      say('## 4. An idle scheduler tick (every job on, nothing due, nothing changed)');
      say();
      table(
        [
          'portfolio',
          'round trips (median tick)',
          'round trips (quarter-hour tick)',
          'p50',
          'p95',
          'first tick after loading (reads everything once)',
        ],
        ticks.map((tick) => [
          `${tick.contracts.toLocaleString('en')} contracts × 3 KPIs`,
          String(tick.roundTrips),
          String(tick.maxRoundTrips),
          ms(tick.p50Ms, 2),
          ms(tick.p95Ms, 2),
          `${ms(tick.firstTickMs)}, ${tick.firstTickRoundTrips} round trips`,
        ]),
      );
      const [small, large] = ticks;
      if (small && large) {
        say(
          `Idle tick at ${large.contracts.toLocaleString('en')} vs ${small.contracts} contracts: round trips ${large.roundTrips} vs ${small.roundTrips}, p50 ratio ${(large.p50Ms / small.p50Ms).toFixed(2)}.`,
        );
        say();
      }
    }
    if (wanted('unreachable')) {
      progress('(5) fan-out beside an unreachable owner…');
      const result = await runPart<UnreachableOwnerResult>('unreachable-owner', database.uri, {
        contracts: quick ? 100 : 600,
        rounds: quick ? 1 : 3,
      });
      say('## 5. Check-in fan-out beside an unreachable owner (whole scheduler on)');
      say();
      table(
        ['scale', 'quiet day (median)', 'value window, owner unknown to Slack (median)', 'ratio (goal ≤ 1.1)'],
        [
          [
            `${result.contracts} contracts, ${result.checkins.toLocaleString('en')} check-ins, ${result.rounds} alternating rounds`,
            `${result.baselineSeconds.toFixed(1)} s`,
            `${result.unreachableSeconds.toFixed(1)} s`,
            result.ratio.toFixed(2),
          ],
        ],
      );
      const seconds = (jobs: Array<[string, number]>) =>
        jobs
          .filter(([, spent]) => spent >= 0.05)
          .map(([job, spent]) => `${job} ${spent.toFixed(1)} s`)
          .join(', ');
      say();
      say(
        `Time by job, last round: quiet day ${seconds(result.baselineJobs)}; value window ${seconds(result.unreachableJobs)}.`,
      );
      say();
    }
    if (wanted('charts')) {
      progress('(4) charts…');
      const charts: Array<ChartResult & { heap: string }> = [];
      for (const chart of ['kpi-trend', 'rag-heat-map', 'risk-heat-map', 'portfolio'] as ChartName[]) {
        const renders = quick ? 30 : 200;
        charts.push({
          ...(await runPart<ChartResult>('chart', database.uri, { chart, renders })),
          heap: 'Node defaults',
        });
        // As for the fan-out: how much of the peak is live data, and how much garbage V8 has not yet collected.
        const capped = await runPart<ChartResult>('chart', database.uri, { chart, renders }, [
          `--max-old-space-size=${HEAP_CAP_MB}`,
        ]);
        charts.push({ ...capped, heap: `--max-old-space-size=${HEAP_CAP_MB}` });
      }
      say('## 4. Charts (Vega-Lite → SVG → resvg PNG), each kind in its own process');
      say();
      table(
        [
          'chart',
          'heap',
          'renders',
          'p50',
          'p95 (goal < 25 ms)',
          'max',
          'CPU per render (p50)',
          'first render',
          'peak RSS (before first)',
          'PNG',
        ],
        charts.map((result) => [
          result.chart,
          result.heap,
          String(result.renders),
          ms(result.p50),
          ms(result.p95),
          ms(result.max),
          ms(result.cpuP50),
          ms(result.firstMs),
          `${result.peakRssMb.toFixed(0)} MB (${result.baseRssMb.toFixed(0)} MB)`,
          `${result.pngKb.toFixed(0)} KB`,
        ]),
      );
    }
    if (wanted('imports')) {
      progress('(5) import dry runs…');
      const contracts = quick ? 200 : 2_000;
      const runs: ImportResult[] = [];
      for (const format of ['CSV (semicolon, decimal comma, Windows-1252)', '.xlsx'] as const) {
        runs.push(await runPart<ImportResult>('import-dry-run', database.uri, { format, contracts, runs: 5 }));
      }
      say('## 5. Import dry run (read, check every row, the chat forms’ rules)');
      say();
      table(
        ['file', 'contracts (rows)', 'size', 'first run', 'median of 5 (goal < 5 s)', 'peak RSS'],
        runs.map((result) => {
          const sorted = [...result.seconds].sort((a, b) => a - b);
          return [
            result.format,
            `${result.contracts.toLocaleString('en')} (${result.rows.toLocaleString('en')})`,
            `${result.fileKb.toFixed(0)} KB`,
            `${result.seconds[0]!.toFixed(2)} s`,
            `${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} s`,
            `${result.peakRssMb.toFixed(0)} MB`,
          ];
        }),
      );
    }
    if (wanted('forecast')) {
      progress('(6) early-warning backtest…');
      const backtest = forecastBacktest(quick ? 120 : 1_200);
      say('## 6. Early-warning backtest (synthetic KPI series with known breaches), Steward vs naive last value');
      say();
      say(
        `${backtest.series.toLocaleString('en')} series of ${backtest.periods} periods (drift, step, noise, seasonal, seasonal with drift, drift that recovers; half lower-is-better), replayed score by score in ${(backtest.ms / 1000).toFixed(1)} s. A warning is right when the first breach follows within ${HORIZON} periods; a breach is caught when the KPI was in the warning state the period before; lead = periods from the warning to the breach.`,
      );
      say();
      table(
        [
          'method',
          'enter / exit probability',
          'warnings',
          'precision',
          'breaches',
          'recall',
          'median lead',
          'warnings on series that never breach',
        ],
        backtest.rows.map((row) => [
          row.method,
          `${row.enter} / ${row.exit}`,
          String(row.warnings),
          row.warnings === 0 ? '–' : `${(row.precision * 100).toFixed(1)} %`,
          String(row.breaches),
          `${(row.recall * 100).toFixed(1)} %`,
          row.medianLead === null ? '–' : `${row.medianLead} period${row.medianLead === 1 ? '' : 's'}`,
          String(row.warningsOnQuietSeries),
        ]),
      );
      const shipped = backtest.rows[0]!;
      say('Steward (shipped thresholds) by kind of series: breaches caught / breaches, right warnings / warnings');
      say();
      table(
        ['kind', 'caught', 'right warnings'],
        Object.entries(shipped.byKind).map(([kind, row]) => [
          kind,
          `${row.caught} / ${row.breaches}`,
          `${row.right} / ${row.warnings}`,
        ]),
      );
    }
    say(`Total benchmark time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await standin.stop().catch(() => undefined);
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const resultsFile = join(projectRoot, 'bench', 'RESULTS.md');
  if (!quick && !only) writeFileSync(resultsFile, `${lines.join('\n')}\n`);
  if (!quick && only) {
    const measuredOn = `${new Date().toISOString().slice(0, 10)} · ${host.nproc} CPUs · Node ${host.node}`;
    writeFileSync(resultsFile, mergeResults(readFileSync(resultsFile, 'utf8'), lines.join('\n'), measuredOn));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
