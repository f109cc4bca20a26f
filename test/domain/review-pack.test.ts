import { buildReviewPack, decisionsCalledFor, type ReviewPackInput, reviewDates } from '../../src/domain/review-pack';

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
