import { evaluate } from '../../src/domain/evaluation';
import type { Store } from '../../src/store';
import { MARK_EXPIRY_MS, type StandingQuery } from '../../src/store/standings';
import { useTestDatabase } from '../support/database';
import { contractFixture, contractWithKpi, kpiFixture, owner, storeFor, vendorContact } from './fixtures';

/**
 * A contract's standing (worst RAG, reds, ambers, status, fields) is what lists sort and filter by: it must follow
 * every write of a score, a KPI or the contract, survive a writer that died half-way, and take typed words as
 * plain text.
 */
const database = useTestDatabase();
let store: Store;

beforeAll(async () => {
  ({ store } = await storeFor(database.connection()));
});

const month = (index: number) => {
  const start = new Date(Date.UTC(2026, index, 1));
  return {
    periodKey: start.toISOString().slice(0, 7),
    periodStart: start,
    periodEnd: new Date(Date.UTC(2026, index + 1, 1)),
  };
};

const score = (contractRef: string, index: number, value: number) => ({
  contractRef,
  kpiKey: 'availability',
  ...month(index),
  value,
  rag: evaluate(value, kpiFixture()),
  kpiVersion: 1,
  answeredBy: vendorContact,
  surface: 'import' as const,
});

const internal: StandingQuery = { view: 'internal' };
const row = async (reference: string) =>
  (await store.standings.page({ ...internal, words: [reference] }, { skip: 0, limit: 5 })).rows.find(
    (r) => r.reference === reference,
  );

describe('contract standings', () => {
  it('follow a score, a correction, a status change and a field change, each in the next read', async () => {
    await contractWithKpi(store, 'STAND-2026-001');
    expect((await row('STAND-2026-001'))?.internal).toMatchObject({ worst: null, red: 0, amber: 0 });

    const red = await store.scores.record(score('STAND-2026-001', 0, 80));
    expect((await row('STAND-2026-001'))?.internal).toMatchObject({ worst: 'red', red: 1, amber: 0 });

    await store.scores.correct(red.id, {
      value: 99.9,
      rag: 'green',
      correctedBy: owner,
      surface: 'slack',
      reason: 'Typo',
    });
    expect((await row('STAND-2026-001'))?.internal).toMatchObject({ worst: 'green', red: 0 });

    await store.contracts.setStatus('STAND-2026-001', 'active', 'at-risk');
    expect((await row('STAND-2026-001'))?.status).toBe('at-risk');
    expect(await store.standings.count({ ...internal, statuses: ['at-risk'], words: ['stand-2026-001'] })).toBe(1);

    await store.contracts.update('STAND-2026-001', { title: 'Catering for the head office' });
    expect((await row('STAND-2026-001'))?.title).toBe('Catering for the head office');
    expect(await store.standings.count({ ...internal, words: ['CATERING', 'head'] })).toBe(1);
  });

  it('is computed again by repair when a writer died between its write and the standing', async () => {
    await contractWithKpi(store, 'STAND-2026-002');
    // A writer that died: its mark is left, and the score it wrote never reached the standing.
    const marks = database.connection().collection('standing_marks');
    await marks.insertOne({
      _id: 'STAND-2026-002:dead' as never,
      reference: 'STAND-2026-002',
      at: new Date(Date.now() - MARK_EXPIRY_MS - 1_000),
    });
    // Its score reached the scores (and made the scorecard inputs stale), then the process died.
    await database
      .connection()
      .collection('scores')
      .insertOne({ ...score('STAND-2026-002', 0, 80), revision: 1, corrections: [], answeredAt: new Date() });
    await database
      .connection()
      .collection('scorecard_inputs')
      .deleteOne({ _id: 'STAND-2026-002' as never });
    expect(await store.standings.count({ ...internal, rag: 'red', words: ['STAND-2026-002'] })).toBe(0);

    expect(await store.standings.repair()).toBeGreaterThanOrEqual(1);
    expect(await store.standings.count({ ...internal, rag: 'red', words: ['STAND-2026-002'] })).toBe(1);
    expect(await marks.countDocuments({ reference: 'STAND-2026-002' })).toBe(0);
  });

  it('gives a contract that has none (an older Steward, a bulk load that died) its standing in repair', async () => {
    await contractWithKpi(store, 'STAND-2026-003');
    await database
      .connection()
      .collection('contract_standings')
      .deleteOne({ _id: 'STAND-2026-003' as never });
    expect(await row('STAND-2026-003')).toBeUndefined();
    await store.standings.repair({ recount: true });
    expect((await row('STAND-2026-003'))?.reference).toBe('STAND-2026-003');
    expect(await store.standings.count({ ...internal, words: ['STAND-2026-003'] })).toBe(1);
  });

  it('orders red, amber, green, unscored, then the soonest end', async () => {
    const make = async (reference: string, endDate: string, value?: number) => {
      await store.contracts.create(
        contractFixture(reference, { endDate, vendor: { name: 'Order Vendor', contacts: [] } }),
        [{ key: 'availability', definition: kpiFixture() }],
        { by: owner },
      );
      if (value !== undefined) await store.scores.record(score(reference, 0, value));
    };
    await make('ORD-2026-A', '2027-06-30', 99.9);
    await make('ORD-2026-B', '2027-01-31');
    await make('ORD-2026-C', '2028-01-31', 80);
    await make('ORD-2026-D', '2027-01-31', 80);
    await make('ORD-2026-E', '2027-06-30', evaluateAmber());
    const { rows, total } = await store.standings.page(
      { ...internal, vendorName: 'order vendor' },
      { skip: 0, limit: 10 },
    );
    expect(total).toBe(5);
    expect(rows.map((r) => r.reference)).toEqual([
      'ORD-2026-D',
      'ORD-2026-C',
      'ORD-2026-E',
      'ORD-2026-A',
      'ORD-2026-B',
    ]);
    expect(
      (await store.standings.page({ ...internal, vendorName: 'order vendor' }, { skip: 3, limit: 10 })).rows.map(
        (r) => r.reference,
      ),
    ).toEqual(['ORD-2026-A', 'ORD-2026-B']);
  });

  it('takes typed words as plain text: quotes, regex characters, escapes, emoji and 1,000 characters', async () => {
    await store.contracts.create(
      contractFixture('ODD-2026-001', { title: 'Printing (A4+) [colour] $5.00 *rush* 🚀 "fast"' }),
      [],
      { by: owner },
    );
    const count = (word: string) => store.standings.count({ ...internal, words: [word] });
    expect(await count('(a4+)')).toBe(1);
    expect(await count('[colour]')).toBe(1);
    expect(await count('$5.00')).toBe(1);
    expect(await count('*rush*')).toBe(1);
    expect(await count('🚀')).toBe(1);
    expect(await count('"fast"')).toBe(1);
    for (const word of ['.*', '^', '\\', '$where', '{"$gt":""}', '&lt;@U123&gt;', 'x'.repeat(1_000), 'a|b']) {
      expect(await count(word)).toBe(0);
    }
  });
});

/** A value between the KPI fixture's warning and breach thresholds. */
function evaluateAmber(): number {
  const kpi = kpiFixture();
  return (kpi.warningThreshold + kpi.breachThreshold) / 2;
}
