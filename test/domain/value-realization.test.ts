import fc from 'fast-check';
import { portfolioValueSummary, summarizeValue, type ValueEntry } from '../../src/domain/value-realization';

function entry(overrides: Partial<ValueEntry>): ValueEntry {
  return { periodKey: '2026-11', kind: 'savings', planned: 1000, realized: 800, currency: 'EUR', ...overrides };
}

describe('summarizeValue', () => {
  it('totals planned and realized per kind and currency with the realization ratio', () => {
    const summary = summarizeValue([
      entry({ periodKey: '2026-10', planned: 1000, realized: 900 }),
      entry({ periodKey: '2026-11', planned: 1000, realized: 700 }),
      entry({ kind: 'cost-avoidance', planned: 500, realized: 600 }),
      entry({ currency: 'USD', planned: 200, realized: 100 }),
    ]);
    expect(summary.totals).toEqual([
      { kind: 'savings', currency: 'EUR', planned: 2000, realized: 1600, ratio: 0.8, records: 2 },
      { kind: 'savings', currency: 'USD', planned: 200, realized: 100, ratio: 0.5, records: 1 },
      { kind: 'cost-avoidance', currency: 'EUR', planned: 500, realized: 600, ratio: 1.2, records: 1 },
    ]);
  });

  it('gives no ratio when nothing was planned, instead of dividing by zero', () => {
    const summary = summarizeValue([entry({ kind: 'quality', planned: 0, realized: 250 })]);
    expect(summary.totals[0]).toMatchObject({ planned: 0, realized: 250, ratio: null });
  });

  it('builds a per-period series, oldest first, adding records of the same period', () => {
    const summary = summarizeValue([
      entry({ periodKey: '2026-12', planned: 100, realized: 100 }),
      entry({ periodKey: '2026-10', planned: 100, realized: 50 }),
      entry({ periodKey: '2026-12', planned: 50, realized: 0 }),
    ]);
    expect(summary.series[0]!.points).toEqual([
      { periodKey: '2026-10', planned: 100, realized: 50, ratio: 0.5 },
      { periodKey: '2026-12', planned: 150, realized: 100, ratio: 100 / 150 },
    ]);
  });

  it('adds cents exactly: twelve months of 0.10 are 1.20', () => {
    const months = Array.from({ length: 12 }, (_, index) => `2026-${String(index + 1).padStart(2, '0')}`);
    const summary = summarizeValue(months.map((periodKey) => entry({ periodKey, planned: 0.1, realized: 0.1 })));
    expect(summary.totals[0]).toMatchObject({ planned: 1.2, realized: 1.2, ratio: 1 });
  });

  it('refuses an unknown kind or a malformed currency', () => {
    expect(() => summarizeValue([entry({ kind: 'bonus' as never })])).toThrow(/not a kind of value/);
    expect(() => summarizeValue([entry({ currency: 'euro' })])).toThrow(/three capital letters/);
  });
});

describe('portfolioValueSummary', () => {
  it('adds contracts up per kind and currency and never mixes currencies', () => {
    const portfolio = portfolioValueSummary({
      'CT-2': [entry({ planned: 100, realized: 100 }), entry({ currency: 'GBP', planned: 10, realized: 5 })],
      'CT-1': [entry({ planned: 300, realized: 150 })],
    });
    expect(portfolio.totals).toEqual([
      { kind: 'savings', currency: 'EUR', planned: 400, realized: 250, ratio: 0.625, records: 2, contracts: 2 },
      { kind: 'savings', currency: 'GBP', planned: 10, realized: 5, ratio: 0.5, records: 1, contracts: 1 },
    ]);
    expect(portfolio.byContract.map((line) => line.contractRef)).toEqual(['CT-1', 'CT-2']);
  });

  it('totals equal the sum of the contracts’ totals for every kind and currency', () => {
    const cents = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((value) => value / 100);
    const record = fc.record({
      periodKey: fc.constantFrom('2026-10', '2026-11'),
      kind: fc.constantFrom('savings' as const, 'cost-avoidance' as const, 'quality' as const),
      planned: cents,
      realized: cents,
      currency: fc.constantFrom('EUR', 'USD', 'JPY'),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.array(record, { maxLength: 8 })),
        (byContract) => {
          const jpyFree = Object.fromEntries(
            Object.entries(byContract).map(([ref, records]) => [
              ref,
              records.map((item) =>
                item.currency === 'JPY'
                  ? { ...item, planned: Math.round(item.planned), realized: Math.round(item.realized) }
                  : item,
              ),
            ]),
          );
          const portfolio = portfolioValueSummary(jpyFree);
          for (const total of portfolio.totals) {
            const parts = portfolio.byContract.flatMap(({ summary }) =>
              summary.totals.filter((line) => line.kind === total.kind && line.currency === total.currency),
            );
            const sumCents = parts.reduce((sum, line) => sum + Math.round(line.realized * 100), 0);
            expect(Math.round(total.realized * 100)).toBe(sumCents);
          }
        },
      ),
    );
  });
});
