import { percentKpis, plainContract } from '../scripts/portfolio-fixtures';
import type { Person } from '../src/domain/types';
import type { Actor } from '../src/services/service-api';
import { stewardOn } from './scorecards';
import { percentile } from './support';

export interface ListPagingResult {
  contracts: number;
  seedSeconds: number;
  samples: number;
  /** p95 in milliseconds of each read. */
  firstPage: number;
  laterPage: number;
  filteredPage: number;
  pickerQuery: number;
}

const owner: Person = { name: 'Olivia', slackUserId: 'U0OWNER', slackTeamId: 'T0BUYER' };
const ownerActor: Actor = { person: owner, surface: 'slack', external: false };

/**
 * (3d) `list` over a portfolio of real size, read from the contracts' standings (store/standings.ts): the first
 * page, a page in the middle, a page with filters and a search word, and the query a contract picker makes (a
 * typed word, 100 options: Slack's most for one select). Each is timed `samples` times one after another, on a
 * quiet database, through the service (what a surface calls) or the store (the picker's query).
 */
export async function listPaging(options: {
  mongoUri: string;
  contracts: number;
  samples: number;
  log: (line: string) => void;
}): Promise<ListPagingResult> {
  const { contracts, samples } = options;
  const app = await stewardOn(options.mongoUri, `bench_list_paging_${contracts}`);
  try {
    const seedStarted = Date.now();
    for (let i = 0; i < contracts; i += 250) {
      const items = Array.from({ length: Math.min(250, contracts - i) }, (_, j) => {
        const n = i + j;
        const reference = `LIST-${String(n).padStart(5, '0')}`;
        return {
          contract: {
            ...plainContract(reference, owner, {
              endDate: new Date(Date.UTC(2026, 3, 1) + ((n * 37) % 900) * 86_400_000).toISOString().slice(0, 10),
            }),
            title: n % 7 === 0 ? `Catering ${reference}` : `Facilities ${reference}`,
            status: n % 4 === 0 ? ('draft' as const) : ('active' as const),
          },
          kpis: percentKpis(3),
        };
      });
      await app.store.contracts.createMany(items, { by: owner });
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    options.log(`    seeded ${contracts} contracts in ${seedSeconds.toFixed(0)} s`);
    const time = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return percentile(times, 95);
    };
    const middle = Math.floor(contracts / 2 / 20) * 20;
    return {
      contracts,
      seedSeconds,
      samples,
      firstPage: await time(() => app.services.contracts.list(ownerActor, {})),
      laterPage: await time(() => app.services.contracts.list(ownerActor, {}, { offset: middle })),
      filteredPage: await time(() =>
        app.services.contracts.list(ownerActor, { status: 'active', owner: 'U0OWNER', words: ['catering'] }),
      ),
      pickerQuery: await time(() =>
        app.store.standings.page({ view: 'internal', words: ['cater'] }, { skip: 0, limit: 100 }),
      ),
    };
  } finally {
    await app.database.connection.dropDatabase().catch(() => undefined);
    await app.stop();
  }
}
