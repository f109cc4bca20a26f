import { percentKpis, plainContract } from '../../scripts/portfolio-fixtures';
import type { Person } from '../../src/domain/types';
import { slashCommandBody } from '../support/slack-requests';
import { TEST_WORKSPACE } from '../support/slack-standin';
import { type StewardUnderTest, startStewardWithSlack } from '../support/steward-harness';

/**
 * Guarantee (issue 12): 200 people running `/steward list` at the same moment, right after 200 contracts were
 * loaded (no scorecard read model yet), all get their answer; no reader computes a scorecard (issue 17: a list
 * reads the contracts' standings, two queries a page); and /healthz never says the database is down meanwhile. How fast is bench/'s
 * business (`BENCH_ONLY=list-burst`), not this test's: the bounds here only keep a hang from passing.
 */
const CONTRACTS = 200;
const KPIS = 3;
const MONTHS = 6;
const READERS = 200;

const owner: Person = { name: 'Alice', slackUserId: TEST_WORKSPACE.user.id, slackTeamId: TEST_WORKSPACE.teamId };
const reference = (i: number) => `COLD-${String(i).padStart(3, '0')}`;

const kpis = percentKpis(KPIS);

let steward: StewardUnderTest;

beforeAll(async () => {
  steward = await startStewardWithSlack({ start: '2026-03-02T08:00:00Z' });
  const { store, database } = steward.app;
  await store.contracts.createMany(
    Array.from({ length: CONTRACTS }, (_, i) => ({
      contract: plainContract(reference(i), owner, { amount: 100_000, startDate: '2025-01-01', endDate: '2028-12-31' }),
      kpis,
    })),
    { by: owner, effectiveFrom: new Date('2025-01-01T00:00:00Z') },
  );
  // Scores loaded around Steward, as an import or a migration does: no read model exists for any contract.
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < CONTRACTS; i += 1) {
    for (let m = 0; m < MONTHS; m += 1) {
      const start = new Date(Date.UTC(2025, 8 + m, 1));
      const end = new Date(Date.UTC(2025, 9 + m, 1));
      for (let k = 1; k <= KPIS; k += 1) {
        const value = i % 10 === 0 && m === MONTHS - 1 ? 90 : 99.2;
        docs.push({
          contractRef: reference(i),
          kpiKey: `kpi${k}`,
          kpiVersion: 1,
          periodKey: start.toISOString().slice(0, 7),
          periodStart: start,
          periodEnd: end,
          value,
          rag: value >= 98 ? 'green' : 'red',
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
  await database.connection.collection('scores').insertMany(docs, { ordered: false });
  await database.connection.collection('scorecard_inputs').deleteMany({});
  // Data written around Steward is brought into the standings the way an operator does after a load.
  await store.standings.rebuildAll();
}, 120_000);

afterAll(async () => {
  await steward?.stop();
});

describe('200 concurrent /steward list on a cold portfolio', () => {
  it('answers every reader worst first without computing a scorecard, and /healthz keeps saying the database is up', async () => {
    const Score = steward.app.database.connection.model('Score');
    const original = Score.find.bind(Score);
    // Each computation of a contract's read model reads its scores once (store/scorecard-inputs.ts `compute`).
    const computed = new Map<string, number>();
    Score.find = ((filter: unknown, ...rest: unknown[]) => {
      for (const ref of JSON.stringify(filter ?? {}).match(/COLD-\d{3}/g) ?? []) {
        computed.set(ref, (computed.get(ref) ?? 0) + 1);
      }
      return (original as (...args: unknown[]) => unknown)(filter, ...rest);
    }) as typeof Score.find;

    const health: Array<{ status: number; database: string }> = [];
    let answering = true;
    const watcher = (async () => {
      while (answering) {
        const response = await fetch(`${steward.app.url}/healthz`);
        const body = (await response.json()) as { database: string };
        health.push({ status: response.status, database: body.database });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    try {
      const answers = await Promise.all(
        Array.from({ length: READERS }, async (_, n) => {
          const id = `list-${n}`;
          const response = await steward.send(
            'command',
            slashCommandBody({
              text: 'list',
              user_id: TEST_WORKSPACE.user.id,
              response_url: steward.slack.responseUrl(id),
            }),
          );
          expect(response.status).toBe(200);
          // A bound so that a hang fails; the time each answer takes is measured in bench/.
          return JSON.stringify(await steward.slack.waitForResponse(id, { timeoutMs: 240_000 }));
        }),
      );
      answering = false;
      await watcher;

      expect(answers).toHaveLength(READERS);
      for (const answer of answers) {
        expect(answer).not.toMatch(/went wrong/i);
        // The first page (20 of the 200) worst first: the 20 contracts with a breach in their last month.
        expect(answer).toContain('1–20 of 200 contracts');
        const listed = [...new Set(answer.match(/COLD-\d{3}/g))];
        expect(listed.sort()).toEqual(Array.from({ length: 20 }, (_, i) => reference(i * 10)));
      }
      // Lists read the standings: not one scorecard was computed for them.
      expect([...computed.keys()]).toEqual([]);
      expect(health.length).toBeGreaterThan(0);
      expect(health.filter((h) => h.status !== 200 || h.database !== 'up')).toEqual([]);
    } finally {
      answering = false;
      await watcher.catch(() => undefined);
      Score.find = original as typeof Score.find;
    }
  }, 300_000);
});
