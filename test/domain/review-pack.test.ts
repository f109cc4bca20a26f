import {
  buildReviewPack,
  decisionsCalledFor,
  type ReviewPackInput,
  reviewCadenceOf,
  reviewDates,
  reviewPeriodKey,
  reviewPeriodMonths,
  shiftReviewPeriod,
} from '../../src/domain/review-pack';
import { REVIEW_CADENCES } from '../../src/domain/types';

function input(overrides: Partial<ReviewPackInput> = {}): ReviewPackInput {
  return {
    contractRef: 'ACME-2026-001',
    contractTitle: 'Managed network',
    vendorName: 'Acme',
    quarterKey: '2026-Q1',
    quarterLabel: 'Q1 2026',
    reviewDate: '2026-04-10',
    overall: '75 (amber), declining',
    kpis: [
      {
        key: 'availability',
        name: 'Availability',
        vendorVisible: true,
        latest: '99.1% (2026-03)',
        rag: 'amber',
        trend: 'declining',
        forecast: 'forecast 98.9% next month',
        breachAhead: true,
        consecutiveReds: 0,
      },
      {
        key: 'cost',
        name: 'Handling cost',
        vendorVisible: false,
        latest: '1,200 EUR (2026-03)',
        rag: 'red',
        trend: 'declining',
        consecutiveReds: 3,
      },
    ],
    escalations: [
      {
        summary: 'Availability red',
        trigger: 'red-score',
        kpiKey: 'availability',
        status: 'resolved',
        opened: '2026-02-02',
        outcome: 'resolved',
      },
      {
        summary: 'Handling cost red',
        trigger: 'red-score',
        kpiKey: 'cost',
        status: 'open',
        opened: '2026-04-01',
        outcome: 'open, level 1',
      },
      {
        summary: 'Insurance certificate overdue',
        trigger: 'overdue-obligation',
        status: 'open',
        opened: '2026-03-01',
        outcome: 'open, level 1',
      },
    ],
    credits: [],
    risks: [{ title: 'Vendor insolvency', likelihood: 2, impact: 5, owner: 'Olivia' }],
    actions: [
      { action: 'Add uplink', status: 'in-progress', owner: 'Victor', dueDate: '2026-05-01', kpiKey: 'availability' },
      { action: 'Renegotiate cost', status: 'planned', owner: 'Olivia', dueDate: '2026-05-01', kpiKey: 'cost' },
    ],
    value: ['savings: 10 EUR realized of 20 EUR planned (50%)'],
    decisions: [],
    repeatedBreachCount: 3,
    ...overrides,
  };
}

describe('review schedule', () => {
  it.each([
    ['2026-Q1', { reviewDay: 10, daysBefore: 3 }, '2026-04-10', '2026-04-07'],
    ['2026-Q4', { reviewDay: 5, daysBefore: 2 }, '2027-01-05', '2027-01-03'],
    // Never before the quarter has ended.
    ['2026-Q2', { reviewDay: 2, daysBefore: 7 }, '2026-07-02', '2026-07-01'],
    // A day past 28 is kept at 28, so every month has it.
    ['2026-Q1', { reviewDay: 31, daysBefore: 0 }, '2026-04-28', '2026-04-28'],
  ])('%s with %j meets on %s, pack on %s', (quarter, schedule, reviewDate, packDay) => {
    expect(reviewDates(quarter, schedule)).toEqual({ reviewDate, packDay });
  });

  it.each([
    // cadence, a day, its period, the period before, the months it covers, its review and pack days
    ['monthly', '2026-03-17', '2026-03', '2026-02', ['2026-03'], '2026-04-10', '2026-04-07'],
    ['monthly', '2026-01-01', '2026-01', '2025-12', ['2026-01'], '2026-02-10', '2026-02-07'],
    ['quarterly', '2026-05-31', '2026-Q2', '2026-Q1', ['2026-04', '2026-05', '2026-06'], '2026-07-10', '2026-07-07'],
    [
      'half-yearly',
      '2026-08-01',
      '2026-H2',
      '2026-H1',
      ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
      '2027-01-10',
      '2027-01-07',
    ],
    [
      'yearly',
      '2026-12-31',
      '2026',
      '2025',
      [
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ],
      '2027-01-10',
      '2027-01-07',
    ],
  ] as const)(
    '%s: %s is in %s (after %s), covering %j, reviewed on %s with the pack on %s',
    (cadence, day, key, before, months, reviewDate, packDay) => {
      expect(reviewPeriodKey(cadence, day)).toBe(key);
      expect(shiftReviewPeriod(key, -1)).toBe(before);
      expect(shiftReviewPeriod(before, 1)).toBe(key);
      expect(reviewPeriodMonths(key)).toEqual(months);
      expect(reviewDates(key, { reviewDay: 10, daysBefore: 3 })).toEqual({ reviewDate, packDay });
    },
  );

  it('is quarterly unless the contract says otherwise', () => {
    expect(reviewCadenceOf({})).toBe('quarterly');
    expect(reviewCadenceOf({ reviewCadence: 'monthly' })).toBe('monthly');
  });

  it('gives each cadence consecutive periods that tile the year, one review each', () => {
    for (const cadence of REVIEW_CADENCES) {
      const keys = new Set<string>();
      let key = reviewPeriodKey(cadence, '2026-01-01');
      const months: string[] = [];
      while (key.startsWith('2026')) {
        keys.add(key);
        months.push(...reviewPeriodMonths(key));
        key = shiftReviewPeriod(key, 1);
      }
      expect(months).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
      expect(keys.size).toBe({ monthly: 12, quarterly: 4, 'half-yearly': 2, yearly: 1 }[cadence]);
    }
  });
});

describe('decisions the triggers call for', () => {
  it('asks for a renegotiation review from the repeated-breach count, a termination review from twice it, and an intervention otherwise', () => {
    const called = decisionsCalledFor(input());
    expect(called.map((decision) => decision.kind)).toEqual(['renegotiation', 'intervention']);
    expect(called[0]!.evidence.join(' ')).toContain('Handling cost: red for 3 periods in a row');
    expect(called[1]!.evidence.join(' ')).toContain('Availability is trending to breach');
    const worse = decisionsCalledFor(input({ kpis: [{ ...input().kpis[1]!, consecutiveReds: 6 }], escalations: [] }));
    expect(worse.map((decision) => decision.kind)).toEqual(['termination-review']);
    expect(decisionsCalledFor(input({ kpis: [], escalations: [] }))).toEqual([]);
  });
});

describe('the vendor version', () => {
  it('leaves out internal-only KPIs, escalations and actions about them, risks, value and decisions', () => {
    const text = JSON.stringify(buildReviewPack(input(), { forVendor: true }));
    expect(text).toContain('Availability');
    expect(text).toContain('Insurance certificate overdue');
    expect(text).toContain('Add uplink');
    for (const hidden of [
      'Handling cost',
      'Renegotiate cost',
      'Vendor insolvency',
      'savings',
      'triggers call for',
      'earlier reviews',
    ]) {
      expect(text).not.toContain(hidden);
    }
    const internal = JSON.stringify(buildReviewPack(input()));
    for (const shown of ['Handling cost', 'Renegotiate cost', 'Vendor insolvency', 'savings', 'Renegotiation review']) {
      expect(internal).toContain(shown);
    }
  });
});
