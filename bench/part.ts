import { fork } from 'node:child_process';
import { join } from 'node:path';
import { type ChartName, chartBench, type ImportResult, importBench } from './charts-imports';
import { fanOut, pacedFanOut, seedFanOut } from './fan-out';
import { idleTick } from './idle-tick';
import { listBurst } from './list-burst';
import { listPaging } from './list-paging';
import { contractScorecard, portfolio } from './scorecards';
import { startStandinProcess } from './support';
import { unreachableOwner } from './unreachable-owner';

/**
 * One benchmark in a fresh process (`node part.js <name>`), so that its peak memory and CPU time are its own
 * and not what an earlier benchmark left behind. Options come as JSON in BENCH_PART_OPTIONS; the result goes
 * back over IPC.
 */
export type PartName =
  | 'seed-fan-out'
  | 'fan-out'
  | 'paced-fan-out'
  | 'scorecard'
  | 'portfolio'
  | 'idle-tick'
  | 'list-burst'
  | 'list-paging'
  | 'unreachable-owner'
  | 'chart'
  | 'import-dry-run';

export function runPart<T>(
  name: PartName,
  mongoUri: string,
  options: Record<string, unknown>,
  execArgv: string[] = [],
): Promise<T> {
  const child = fork(join(__dirname, 'part.js'), [name], {
    execArgv,
    env: { ...process.env, BENCH_MONGO_URI: mongoUri, BENCH_PART_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let result: { value?: T; error?: string } | undefined;
    child.on('message', (message: { value?: T; error?: string }) => {
      result = message;
    });
    child.once('exit', (code) => {
      if (result && 'value' in result) resolve(result.value as T);
      else reject(new Error(`benchmark ${name} failed (exit ${code}): ${result?.error ?? 'no result'}`));
    });
  });
}

async function main(): Promise<void> {
  const name = process.argv[2] as PartName;
  const mongoUri = process.env.BENCH_MONGO_URI ?? '';
  const options = JSON.parse(process.env.BENCH_PART_OPTIONS ?? '{}') as Record<string, number> & { dbName?: string };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const withStandin = async <T>(work: (standin: Awaited<ReturnType<typeof startStandinProcess>>) => Promise<T>) => {
    const standin = await startStandinProcess();
    try {
      return await work(standin);
    } finally {
      await standin.stop().catch(() => undefined);
    }
  };
  let value: unknown;
  switch (name) {
    case 'seed-fan-out':
      value = await seedFanOut({
        mongoUri,
        dbName: String(options.dbName),
        channels: options.channels ?? 2_000,
        perChannel: options.perChannel ?? 5,
        prefix: 'FAN',
      });
      break;
    case 'fan-out': {
      const channels = options.channels ?? 2_000;
      const perChannel = options.perChannel ?? 5;
      value = await withStandin((standin) =>
        fanOut({
          mongoUri,
          standin,
          channels,
          perChannel,
          seed: (dbName) =>
            runPart<{ checkins: number; seconds: number }>('seed-fan-out', mongoUri, { dbName, channels, perChannel }),
        }),
      );
      break;
    }
    case 'unreachable-owner':
      value = await withStandin((standin) =>
        unreachableOwner({ mongoUri, standin, contracts: options.contracts ?? 600, rounds: options.rounds ?? 3 }),
      );
      break;
    case 'list-burst':
      value = await withStandin((standin) =>
        listBurst({
          mongoUri,
          standin,
          contracts: options.contracts ?? 200,
          kpisPerContract: options.kpisPerContract ?? 10,
          months: options.months ?? 12,
          readers: options.readers ?? 200,
        }),
      );
      break;
    case 'list-paging':
      value = await listPaging({
        mongoUri,
        contracts: options.contracts ?? 5_000,
        samples: options.samples ?? 30,
        log,
      });
      break;
    case 'idle-tick':
      value = await idleTick({ mongoUri, contracts: options.contracts ?? 50 });
      break;
    case 'paced-fan-out':
      value = await withStandin((standin) =>
        pacedFanOut({ mongoUri, standin, channels: options.channels ?? 200, perChannel: options.perChannel ?? 20 }),
      );
      break;
    case 'scorecard':
      value = await contractScorecard({ mongoUri });
      break;
    case 'portfolio':
      value = await portfolio({
        mongoUri,
        contracts: options.contracts ?? 5_000,
        kpisPerContract: options.kpisPerContract ?? 10,
        months: options.months ?? 20,
        timeoutSeconds: options.timeoutSeconds ?? 60,
        log,
      });
      break;
    case 'chart':
      value = await chartBench({
        chart: (options as unknown as { chart: ChartName }).chart,
        renders: options.renders ?? 200,
      });
      break;
    case 'import-dry-run':
      value = await importBench({
        format: (options as unknown as { format: ImportResult['format'] }).format,
        contracts: options.contracts ?? 2_000,
        runs: options.runs ?? 5,
      });
      break;
    default:
      throw new Error(`unknown benchmark ${String(name)}`);
  }
  process.send?.({ value }, () => process.exit(0));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.send?.({ error: text }, () => process.exit(1));
  });
}
