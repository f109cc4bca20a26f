import fc from 'fast-check';
import {
  type CloseoutStep,
  closeoutMilestones,
  dueCloseoutStep,
  type FinalEvaluationInput,
  finalEvaluation,
  obligationFulfilment,
} from '../../src/domain/closeout';
import { addDays, isValidIsoDate } from '../../src/domain/local-time';
import type { ScorecardKpi, ScorecardScore } from '../../src/domain/scorecard';
import type { ObligationOutcome, Rag } from '../../src/domain/types';
import { summarizeValue } from '../../src/domain/value-realization';

describe('closeoutMilestones', () => {
  it('falls 60 and 30 days before the end and on it, on days that exist', () => {
    expect(
      closeoutMilestones('2026-04-30', 'Europe/Berlin').map((milestone) => [milestone.step, milestone.date]),
    ).toEqual([
      ['t-60', '2026-03-01'],
      ['t-30', '2026-03-31'],
      ['t-0', '2026-04-30'],
    ]);
    expect(closeoutMilestones('2028-04-29', 'UTC')[0]!.date).toBe('2028-02-29');
  });

  it('is due from local midnight in the contract’s timezone', () => {
    const [first] = closeoutMilestones('2026-04-30', 'Europe/Berlin');
    expect(first!.dueAt.toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });

  it('always gives real calendar days', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, (date) => {
        const end = date.toISOString().slice(0, 10);
        for (const milestone of closeoutMilestones(end, 'UTC')) expect(isValidIsoDate(milestone.date)).toBe(true);
        expect(addDays(closeoutMilestones(end, 'UTC')[0]!.date, 60)).toBe(end);
      }),
    );
  });

  it('refuses an end date that does not exist', () => {
    expect(() => closeoutMilestones('2026-02-30', 'UTC')).toThrow(/not a valid end date/);
  });
});

describe('dueCloseoutStep', () => {
  const contract = { endDate: '2026-04-30', timezone: 'Europe/Berlin', status: 'active' as const };
  const done = (...steps: CloseoutStep[]) => new Set(steps);

  it('is nothing before 60 days out', () => {
    expect(dueCloseoutStep(contract, new Date('2026-02-28T22:00:00Z'), done())).toBeNull();
  });

  it('is t-60 from local midnight of its day', () => {
    expect(dueCloseoutStep(contract, new Date('2026-02-28T23:00:00Z'), done())).toMatchObject({
      step: 't-60',
      date: '2026-03-01',
      daysLate: 0,
    });
  });

  it('is t-30 once t-60 is done and its day has come', () => {
    expect(dueCloseoutStep(contract, new Date('2026-04-01T08:00:00Z'), done('t-60'))).toMatchObject({
      step: 't-30',
      daysLate: 1,
    });
    expect(dueCloseoutStep(contract, new Date('2026-03-20T08:00:00Z'), done('t-60'))).toBeNull();
  });

  it('runs a missed step first, late, rather than skipping it', () => {
    expect(dueCloseoutStep(contract, new Date('2026-04-25T08:00:00Z'), done())).toMatchObject({
      step: 't-60',
      daysLate: 55,
    });
  });

  it('keeps t-0 due after the end date until it is done', () => {
    expect(dueCloseoutStep(contract, new Date('2026-05-10T08:00:00Z'), done('t-60', 't-30'))).toMatchObject({
      step: 't-0',
    });
    expect(dueCloseoutStep(contract, new Date('2026-05-10T08:00:00Z'), done('t-60', 't-30', 't-0'))).toBeNull();
  });

  it('ignores drafts and closed or terminated contracts', () => {
    for (const status of ['draft', 'closed', 'terminated'] as const) {
      expect(dueCloseoutStep({ ...contract, status }, new Date('2026-04-30T08:00:00Z'), done())).toBeNull();
    }
  });
});

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];

function kpi(key: string, overrides: Partial<ScorecardKpi> = {}): ScorecardKpi {
  return {
    key,
    version: 1,
    name: key,
    weight: 1,
    direction: 'higher-is-better',
    vendorVisible: true,
    baseline: 90,
    target: 100,
    breachThreshold: 95,
    ...overrides,
  };
}

function scores(kpiKey: string, entries: Array<[Rag, number]>, kpiVersion = 1): ScorecardScore[] {
  return entries.map(([rag, value], index) => ({
    kpiKey,
    kpiVersion,
    periodKey: MONTHS[index]!,
    value,
    rag,
    answeredAt: new Date(`${MONTHS[index]}-28T09:00:00Z`),
  }));
}

function obligations(counts: Partial<Record<ObligationOutcome, number>>) {
  return Object.entries(counts).flatMap(([outcome, count]) =>
    Array.from({ length: count }, () => ({ outcome: outcome as ObligationOutcome })),
  );
}

function evaluation(overrides: Partial<FinalEvaluationInput>) {
  return finalEvaluation({
    kpis: [kpi('uptime'), kpi('csat')],
    scores: [
      ...scores('uptime', [
        ['green', 100],
        ['green', 100],
        ['green', 100],
        ['green', 100],
      ]),
      ...scores('csat', [
        ['green', 100],
        ['green', 100],
        ['green', 100],
        ['green', 100],
      ]),
    ],
    obligations: obligations({ 'fulfilled-on-time': 10 }),
    escalations: 0,
    value: summarizeValue([{ periodKey: '2026-04', kind: 'savings', planned: 100, realized: 100, currency: 'EUR' }]),
    ...overrides,
  });
}

describe('finalEvaluation', () => {
  it('recommends renewal for a term that was green throughout with obligations met', () => {
    const result = evaluation({});
    expect(result.termScore).toBe(100);
    expect(result.termRag).toBe('green');
    expect(result.recommendation).toBe('renew');
    expect(result.reasons[0]).toMatch(/term score is 100 of 100 \(green\)/);
  });

  it('reports per KPI the average attainment and the share of green, amber and red periods', () => {
    const result = evaluation({
      kpis: [kpi('uptime')],
      scores: scores('uptime', [
        ['green', 100],
        ['amber', 95],
        ['red', 90],
        ['green', 100],
      ]),
    });
    expect(result.kpis[0]).toMatchObject({
      key: 'uptime',
      scoredPeriods: 4,
      unscoredPeriods: 0,
      averageAttainment: (1 + 0.5 + 0 + 1) / 4,
      percentOfPeriods: { green: 50, amber: 25, red: 25 },
    });
    expect(result.termScore).toBe((100 + 50 + 0 + 100) / 4);
  });

  it('measures attainment against the KPI version each score was given under', () => {
    const result = evaluation({
      kpis: [kpi('uptime'), kpi('uptime', { version: 2, baseline: 80, target: 90 })],
      scores: [
        ...scores('uptime', [['green', 95]], 1),
        ...scores('uptime', [['green', 90]], 2).map((s) => ({ ...s, periodKey: '2026-02' })),
      ],
    });
    expect(result.kpis[0]!.averageAttainment).toBeCloseTo((0.5 + 1) / 2);
  });

  it('weights KPIs by weight, each averaged over its own periods', () => {
    const result = evaluation({
      kpis: [kpi('uptime', { weight: 3 }), kpi('csat', { weight: 1 })],
      scores: [
        ...scores('uptime', [
          ['green', 100],
          ['green', 100],
        ]),
        ...scores('csat', [['red', 0]]),
      ],
    });
    expect(result.termScore).toBe((3 * 100 + 1 * 0) / 4);
  });

  it('does not renew a red term', () => {
    const result = evaluation({
      scores: [
        ...scores('uptime', [
          ['red', 80],
          ['red', 80],
          ['amber', 95],
        ]),
        ...scores('csat', [['red', 80]]),
      ],
    });
    expect(result.termRag).toBe('red');
    expect(result.recommendation).toBe('do-not-renew');
    expect(result.reasons[0]).toMatch(/red, below 50/);
  });

  it('does not renew when fewer than 75% of obligations due were fulfilled', () => {
    const result = evaluation({
      obligations: obligations({ 'fulfilled-on-time': 5, 'fulfilled-late': 1, 'not-fulfilled': 3, waived: 4 }),
    });
    expect(result.obligations).toMatchObject({ onTime: 5, late: 1, notFulfilled: 3, waived: 4 });
    expect(result.obligations.fulfilledPercent).toBeCloseTo((100 * 6) / 9);
    expect(result.recommendation).toBe('do-not-renew');
  });

  it.each<[string, Partial<FinalEvaluationInput>, RegExp]>([
    [
      'an amber term',
      {
        scores: [
          ...scores('uptime', [
            ['amber', 95],
            ['amber', 95],
          ]),
          ...scores('csat', [['green', 100]]),
        ],
      },
      /amber, below 80/,
    ],
    [
      'late obligations',
      { obligations: obligations({ 'fulfilled-on-time': 8, 'fulfilled-late': 2 }) },
      /80% of obligations due were fulfilled on time/,
    ],
    [
      'a KPI red in more than a quarter of its periods',
      {
        kpis: [kpi('uptime', { weight: 9 }), kpi('csat')],
        scores: [
          ...scores('uptime', [
            ['green', 100],
            ['green', 100],
            ['green', 100],
            ['green', 100],
          ]),
          ...scores('csat', [
            ['red', 0],
            ['red', 0],
            ['green', 100],
            ['green', 100],
          ]),
        ],
      },
      /csat was red in 50% of its scored periods/,
    ],
    ['frequent escalations', { escalations: 2 }, /2 escalations over 4 periods/],
    [
      'value short of plan',
      {
        value: summarizeValue([{ periodKey: '2026-04', kind: 'savings', planned: 100, realized: 60, currency: 'EUR' }]),
      },
      /Only 60% of planned savings \(EUR\) was realized/,
    ],
    ['no scores at all', { scores: [] }, /cannot be shown/],
  ])('renews with conditions after %s, saying why', (_, overrides, reason) => {
    const result = evaluation(overrides);
    expect(result.recommendation).toBe('renew-with-conditions');
    expect(result.reasons.join(' ')).toMatch(reason);
  });
});

describe('obligationFulfilment', () => {
  it('leaves waived and open obligations out of the rates, and has no rate when nothing fell due', () => {
    expect(obligationFulfilment(obligations({ waived: 2, open: 1 }))).toMatchObject({
      total: 3,
      onTimePercent: null,
      fulfilledPercent: null,
    });
  });
});
