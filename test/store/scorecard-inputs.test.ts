import type { fixedClock } from '../../src/domain/clock';
import { evaluate } from '../../src/domain/evaluation';
import type { Store } from '../../src/store';
import { PENDING_EXPIRY_MS } from '../../src/store/scorecard-inputs';
import { useTestDatabase } from '../support/database';
import { checkinFixture, contractWithKpi, kpiFixture, owner, storeFor, vendorContact } from './fixtures';

/**
 * The scorecard read model (one document per contract) must never show a scorecard older than the data:
 * a score written, corrected or imported, a KPI changed, a writer that died half-way, or data written
 * around Steward all show in the next read.
 */
const database = useTestDatabase();
let store: Store;
let clock: ReturnType<typeof fixedClock>;
const SINCE = new Date('2024-01-01T00:00:00Z');

beforeAll(async () => {
  ({ store, clock } = await storeFor(database.connection()));
});

const monthOf = (index: number) => {
  const start = new Date(Date.UTC(2025, index, 1));
  return {
    periodKey: start.toISOString().slice(0, 7),
    periodStart: start,
    periodEnd: new Date(Date.UTC(2025, index + 1, 1)),
  };
};

const imported = (contractRef: string, index: number, value: number) => ({
  contractRef,
  kpiKey: 'availability',
  ...monthOf(index),
  value,
  rag: evaluate(value, kpiFixture()),
  kpiVersion: 1,
  answeredBy: vendorContact,
  surface: 'import' as const,
});

const inputsDoc = (ref: string) =>
  database
    .connection()
    .collection('scorecard_inputs')
    .findOne({ _id: ref as never });

describe('scorecard inputs', () => {
  it('computes a cold read model once for many readers at the same moment, and all get the same answer', async () => {
    await contractWithKpi(store, 'CARD-2026-COLD');
    for (let month = 0; month < 6; month += 1) await store.scores.record(imported('CARD-2026-COLD', month, 99.9));
    // Cold: no read model at all, as after a bulk import.
    await database
      .connection()
      .collection('scorecard_inputs')
      .deleteOne({ _id: 'CARD-2026-COLD' as never });
    const Score = database.connection().model('Score');
    const original = Score.find.bind(Score);
    let computed = 0;
    Score.find = ((filter: { contractRef?: unknown }, ...rest: unknown[]) => {
      if (JSON.stringify(filter ?? {}).includes('CARD-2026-COLD')) computed += 1;
      return (original as (...args: unknown[]) => unknown)(filter, ...rest);
    }) as typeof Score.find;
    try {
      const reads = await Promise.all(
        Array.from({ length: 30 }, () => store.scorecardInputs.read('CARD-2026-COLD', SINCE)),
      );
      expect(computed).toBe(1);
      expect(reads.every((inputs) => inputs.scores.length === 6)).toBe(true);
    } finally {
      Score.find = original as typeof Score.find;
    }
  });

  it('computes the cold read models of a page together, one pass over the scores, and keeps the warm ones', async () => {
    const refs = ['CARD-2026-PAGE-1', 'CARD-2026-PAGE-2', 'CARD-2026-PAGE-3'];
    for (const [n, ref] of refs.entries()) {
      await contractWithKpi(store, ref);
      for (let month = 0; month <= n; month += 1) await store.scores.record(imported(ref, month, 99 - n));
    }
    // The first is warm, the other two cold (as after a bulk load).
    await store.scorecardInputs.read(refs[0]!, SINCE);
    await database
      .connection()
      .collection('scorecard_inputs')
      .deleteMany({ _id: { $in: refs.slice(1) } as never });
    const Score = database.connection().model('Score');
    const original = Score.find.bind(Score);
    const queried: string[][] = [];
    Score.find = ((filter: unknown, ...rest: unknown[]) => {
      queried.push(JSON.stringify(filter ?? {}).match(/CARD-2026-PAGE-\d/g) ?? []);
      return (original as (...args: unknown[]) => unknown)(filter, ...rest);
    }) as typeof Score.find;
    try {
      const page = await store.scorecardInputs.readMany(refs, SINCE);
      expect(refs.map((ref) => page.get(ref)?.scores.map((score) => score.value))).toEqual([
        [99],
        [98, 98],
        [97, 97, 97],
      ]);
      expect(queried).toEqual([refs.slice(1)]);
      // Saved: the next read of the page reads no scores at all.
      await store.scorecardInputs.readMany(refs, SINCE);
      expect(queried).toHaveLength(1);
    } finally {
      Score.find = original as typeof Score.find;
    }
  });

  it('folds a submitted, an imported and a corrected score into the next read, without computing again', async () => {
    await contractWithKpi(store, 'CARD-2026-001');
    expect((await store.scorecardInputs.read('CARD-2026-001', SINCE)).scores).toEqual([]);

    const { checkin } = await store.checkins.ensure(checkinFixture('CARD-2026-001'));
    const submitted = await store.scores.submit(checkin.id, {
      value: 99.9,
      rag: 'green',
      kpiVersion: 1,
      answeredBy: vendorContact,
      surface: 'slack',
    });
    await store.scores.record(imported('CARD-2026-001', 0, 97));
    await store.scores.correct(submitted.id, {
      value: 95,
      rag: 'red',
      correctedBy: owner,
      surface: 'slack',
      reason: 'Outage found in the logs',
    });

    // Kept current by the writers: the stored inputs already hold both scores.
    const doc = await inputsDoc('CARD-2026-001');
    expect(doc?.payload).toEqual(expect.stringContaining('"value":95'));
    const scores = (await store.scorecardInputs.read('CARD-2026-001', SINCE)).scores;
    expect(scores.map((s) => [s.periodKey, s.value, s.rag]).sort()).toEqual([
      ['2025-01', 97, evaluate(97, kpiFixture())],
      ['2026-02', 95, 'red'],
    ]);
    expect(scores[0]?.periodStart).toBeInstanceOf(Date);
  });

  it('shows a KPI change and a removed contract in the next read', async () => {
    await contractWithKpi(store, 'CARD-2026-002');
    await store.scorecardInputs.read('CARD-2026-002', SINCE);
    await store.kpis.update('CARD-2026-002', 'availability', { target: 99.95 }, { by: owner, reason: 'New SLA' });
    const after = await store.scorecardInputs.read('CARD-2026-002', SINCE);
    expect(after.kpis[0]).toMatchObject({ target: 99.95, version: 2 });
    expect(after.versions.map((v) => v.version)).toEqual([1, 2]);

    await store.contracts.discard('CARD-2026-002');
    expect(await store.scorecardInputs.read('CARD-2026-002', SINCE)).toEqual({ kpis: [], versions: [], scores: [] });
  });

  it('loses no score when twenty are written at once', async () => {
    await contractWithKpi(store, 'CARD-2026-003');
    await store.scorecardInputs.read('CARD-2026-003', SINCE);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.scores.record(imported('CARD-2026-003', i, 99 + i / 100))),
    );
    const doc = await inputsDoc('CARD-2026-003');
    expect(doc?.pending).toEqual([]);
    expect((await store.scorecardInputs.read('CARD-2026-003', SINCE)).scores).toHaveLength(20);
  });

  it('computes the inputs again when a writer died between its score and the read model', async () => {
    await contractWithKpi(store, 'CARD-2026-004');
    await store.scorecardInputs.read('CARD-2026-004', SINCE);
    // A writer announced its score and died after writing it: its mark stays, the score is not folded in.
    const inputs = database.connection().collection('scorecard_inputs');
    await inputs.updateOne(
      { _id: 'CARD-2026-004' as never },
      { $set: { pending: [{ id: 'dead-writer', at: new Date(Date.now() - PENDING_EXPIRY_MS - 1_000) }] } },
    );
    await database
      .connection()
      .collection('scores')
      .insertOne({ ...imported('CARD-2026-004', 3, 98.5), revision: 1, corrections: [], answeredAt: clock() });

    const scores = (await store.scorecardInputs.read('CARD-2026-004', SINCE)).scores;
    expect(scores.map((s) => s.value)).toEqual([98.5]);
    // And the recomputed inputs are saved without the dead writer's mark.
    expect((await inputsDoc('CARD-2026-004'))?.pending).toEqual([]);
  });

  it('keeps using a live writer’s document and picks its score up when it lands', async () => {
    await contractWithKpi(store, 'CARD-2026-005');
    await store.scorecardInputs.read('CARD-2026-005', SINCE);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = store.scorecardInputs.track(
      'CARD-2026-005',
      async () => {
        await gate;
        return store.scores.record(imported('CARD-2026-005', 5, 99.1));
      },
      () => 'stale' as const,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await store.scorecardInputs.read('CARD-2026-005', SINCE)).scores).toEqual([]);
    release();
    await writing;
    expect((await store.scorecardInputs.read('CARD-2026-005', SINCE)).scores.map((s) => s.value)).toEqual([99.1]);
  });

  it('builds the inputs of contracts whose data was loaded around Steward in one pass', async () => {
    await contractWithKpi(store, 'CARD-2026-006');
    // Loaded around Steward: no read model (creating the contract through the store computed its standing,
    // and with it the read model, from no scores).
    await database
      .connection()
      .collection('scorecard_inputs')
      .deleteOne({ _id: 'CARD-2026-006' as never });
    await database
      .connection()
      .collection('scores')
      .insertMany(
        [0, 1, 2].map((i) => ({
          ...imported('CARD-2026-006', i, 99.5),
          revision: 1,
          corrections: [],
          answeredAt: clock(),
        })),
      );
    expect(await store.scorecardInputs.rebuildAll(SINCE)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(String((await inputsDoc('CARD-2026-006'))?.payload)).scores).toHaveLength(3);
    expect((await store.scorecardInputs.read('CARD-2026-006', SINCE)).scores).toHaveLength(3);
  });
});
