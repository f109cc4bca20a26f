import { buildScorecard, type ScorecardKpi, type ScorecardScore } from '../../src/domain/scorecard';
import type { Rag } from '../../src/domain/types';

const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];

function kpi(overrides: Partial<ScorecardKpi> & Pick<ScorecardKpi, 'key'>): ScorecardKpi {
  return {
    version: 1,
    name: overrides.key,
    weight: 1,
    direction: 'higher-is-better',
    vendorVisible: true,
    baseline: 90,
    target: 99,
    breachThreshold: 90,
    ...overrides,
  };
}

function score(kpiKey: string, periodKey: string, rag: Rag, value = 95, overrides: Partial<ScorecardScore> = {}) {
  return {
    kpiKey,
    kpiVersion: 1,
    periodKey,
    value,
    rag,
    answeredAt: new Date(`${periodKey}-28T09:00:00Z`),
    ...overrides,
  };
}

/** Scores for one KPI over consecutive months, oldest first; null leaves a month unanswered. */
function history(kpiKey: string, entries: Array<[Rag, number] | null>, months = MONTHS): ScorecardScore[] {
  return entries.flatMap((entry, index) => (entry ? [score(kpiKey, months[index]!, entry[0], entry[1])] : []));
}

describe('buildScorecard: overall score', () => {
  it('weights green 100, amber 50 and red 0 by KPI weight', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime', weight: 3 }), kpi({ key: 'tickets', weight: 1 }), kpi({ key: 'csat', weight: 2 })],
      scores: [
        score('uptime', '2026-12', 'green'),
        score('tickets', '2026-12', 'red'),
        score('csat', '2026-12', 'amber'),
      ],
      periods: MONTHS,
    });
    expect(card.latestPeriodKey).toBe('2026-12');
    expect(card.overall.score).toBeCloseTo((3 * 100 + 0 + 2 * 50) / 6);
    expect(card.overall.rag).toBe('amber');
  });

  it.each([
    [['green', 'green', 'green', 'green', 'red'], 'green'],
    [['green', 'green', 'green', 'red', 'red'], 'amber'],
    [['amber', 'amber', 'amber', 'amber', 'amber'], 'amber'],
    [['amber', 'amber', 'amber', 'amber', 'red'], 'red'],
  ] as const)('%j is %s overall (green from 80, red below 50)', (rags, overall) => {
    const keys = rags.map((_, index) => `k${index}`);
    const card = buildScorecard({
      kpis: keys.map((key) => kpi({ key })),
      scores: rags.map((rag, index) => score(keys[index]!, '2026-12', rag)),
      periods: MONTHS,
    });
    expect(card.overall.rag).toBe(overall);
  });

  it('leaves KPIs without a score for the latest period out of the denominator and reports them', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime' }), kpi({ key: 'tickets', weight: 5 })],
      scores: [score('uptime', '2026-12', 'green'), score('tickets', '2026-11', 'red')],
      periods: MONTHS,
    });
    expect(card.overall.score).toBe(100);
    expect(card.missing).toEqual(['tickets']);
    const tickets = card.kpis.find((line) => line.key === 'tickets')!;
    expect(tickets.missingLatest).toBe(true);
    expect(tickets.latest).toMatchObject({ periodKey: '2026-11', rag: 'red' });
  });

  it('has no overall score when nothing was scored in the latest period', () => {
    const card = buildScorecard({ kpis: [kpi({ key: 'uptime' })], scores: [], periods: MONTHS });
    expect(card.overall).toMatchObject({ score: null, rag: null, trend: 'insufficient-data' });
    expect(card.kpis[0]).toMatchObject({ latest: null, trend: 'insufficient-data', consecutiveReds: 0 });
  });

  it('copes with no periods at all', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime' })],
      scores: [score('uptime', '2026-12', 'red')],
      periods: [],
    });
    expect(card).toMatchObject({ latestPeriodKey: null, missing: ['uptime'], overall: { score: null } });
  });

  it('ignores scores for periods outside the list and for unknown KPIs', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime' })],
      scores: [
        score('uptime', '2027-01', 'red'),
        score('ghost', '2026-12', 'red'),
        score('uptime', '2026-12', 'green'),
      ],
      periods: MONTHS,
    });
    expect(card.overall.score).toBe(100);
    expect(card.kpis.map((line) => line.key)).toEqual(['uptime']);
  });

  it('uses the latest answer when a score was corrected', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime' })],
      scores: [
        score('uptime', '2026-12', 'amber', 99.2, { answeredAt: new Date('2027-01-03T09:00:00Z') }),
        score('uptime', '2026-12', 'red', 50, { answeredAt: new Date('2027-01-02T09:00:00Z') }),
      ],
      periods: MONTHS,
    });
    expect(card.kpis[0]!.latest).toMatchObject({ value: 99.2, rag: 'amber' });
  });

  it('compares the weighted score per period for the overall trend', () => {
    const scores = [
      ...history('uptime', [
        ['red', 80],
        ['red', 85],
        ['amber', 92],
        ['amber', 93],
        ['green', 99],
        ['green', 99.5],
      ]),
      ...history('tickets', [
        ['red', 1],
        ['amber', 2],
        ['amber', 2],
        ['green', 3],
        ['green', 3],
        ['green', 3],
      ]),
    ];
    const card = buildScorecard({ kpis: [kpi({ key: 'uptime' }), kpi({ key: 'tickets' })], scores, periods: MONTHS });
    expect(card.overall.series.map((point) => point.score)).toEqual([0, 25, 50, 75, 100, 100]);
    expect(card.overall.trend).toBe('improving');
  });
});

describe('buildScorecard: per KPI', () => {
  it('reports attainment against the KPI version the latest score was given under', () => {
    const card = buildScorecard({
      kpis: [
        kpi({ key: 'uptime', version: 1, baseline: 80, target: 90 }),
        kpi({ key: 'uptime', version: 2, baseline: 85, target: 95, name: 'Uptime' }),
      ],
      scores: [score('uptime', '2026-12', 'green', 85, { kpiVersion: 1 })],
      periods: MONTHS,
    });
    expect(card.kpis).toHaveLength(1);
    expect(card.kpis[0]).toMatchObject({ name: 'Uptime', latest: { attainment: 0.5 } });
  });

  it('has no attainment when the version a score was given under is not supplied', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime', version: 2 })],
      scores: [score('uptime', '2026-12', 'green', 85, { kpiVersion: 1 })],
      periods: MONTHS,
    });
    expect(card.kpis[0]!.latest!.attainment).toBeNull();
  });

  it('lays the series out over every period, with gaps where nothing was answered', () => {
    const card = buildScorecard({
      kpis: [kpi({ key: 'uptime' })],
      scores: history('uptime', [null, ['green', 99], null, ['amber', 95], null, null]),
      periods: MONTHS,
    });
    expect(card.kpis[0]!.series.map((point) => point.rag)).toEqual([null, 'green', null, 'amber', null, null]);
  });

  describe('trend', () => {
    const trendOf = (values: Array<number | null>, overrides: Partial<ScorecardKpi> = {}) =>
      buildScorecard({
        kpis: [kpi({ key: 'k', ...overrides })],
        scores: history(
          'k',
          values.map((value) => (value === null ? null : ['green', value])),
        ),
        periods: MONTHS,
      }).kpis[0]!.trend;

    it('is improving when a higher-is-better value rises', () => {
      expect(trendOf([90, 92, 94, 96])).toBe('improving');
    });

    it('is declining for the same rise when lower is better', () => {
      expect(trendOf([90, 92, 94, 96], { direction: 'lower-is-better', target: 80, breachThreshold: 100 })).toBe(
        'declining',
      );
    });

    it('is stable when values only wobble within 5% of the breach-to-target range', () => {
      expect(trendOf([95, 95.2, 94.9, 95.1, 95])).toBe('stable');
    });

    it('is not fooled by one bad month at the end of a rise', () => {
      expect(trendOf([90, 92, 94, 96, 98, 95])).toBe('improving');
    });

    it('looks only at the last six periods', () => {
      const periods = ['2026-03', '2026-04', '2026-05', '2026-06', ...MONTHS];
      const values = [99, 97, 95, 93, 91, 91, 91, 91, 91, 91];
      const card = buildScorecard({
        kpis: [kpi({ key: 'k' })],
        scores: history(
          'k',
          values.map((value) => ['green', value]),
          periods,
        ),
        periods,
      });
      expect(card.kpis[0]!.trend).toBe('stable');
    });

    it('needs at least three scored periods', () => {
      expect(trendOf([90, 99])).toBe('insufficient-data');
      expect(trendOf([null, 90, null, null, 99, null])).toBe('insufficient-data');
    });
  });

  describe('consecutive reds', () => {
    const redsOf = (rags: Array<Rag | null>) =>
      buildScorecard({
        kpis: [kpi({ key: 'k' })],
        scores: history(
          'k',
          rags.map((rag) => (rag ? [rag, 1] : null)),
        ),
        periods: MONTHS,
      }).kpis[0]!.consecutiveReds;

    it('counts the run of reds ending at the latest period', () => {
      expect(redsOf(['red', 'green', 'red', 'red', 'red', 'red'])).toBe(4);
    });

    it('counts from the latest scored period while the latest one is still open', () => {
      expect(redsOf(['green', 'red', 'red', 'red', 'red', null])).toBe(4);
    });

    it('breaks the run at a non-red or unscored period', () => {
      expect(redsOf(['red', 'red', 'amber', 'red', 'red', 'green'])).toBe(0);
      expect(redsOf(['red', 'red', null, 'red', 'red', 'red'])).toBe(3);
    });
  });
});

describe('buildScorecard for a vendor', () => {
  it('shows only vendor-visible KPIs and computes the overall score from them alone', () => {
    const input = {
      kpis: [kpi({ key: 'uptime' }), kpi({ key: 'margin', vendorVisible: false, weight: 10 })],
      scores: [score('uptime', '2026-12', 'green'), score('margin', '2026-12', 'red')],
      periods: MONTHS,
    };
    const internal = buildScorecard(input);
    const vendor = buildScorecard(input, { forVendor: true });
    expect(internal.overall.score).toBeCloseTo(100 / 11);
    expect(vendor.kpis.map((line) => line.key)).toEqual(['uptime']);
    expect(vendor.overall.score).toBe(100);
    expect(JSON.stringify(vendor)).not.toContain('margin');
  });

  it('follows the visibility of the newest KPI version', () => {
    const card = buildScorecard(
      {
        kpis: [kpi({ key: 'margin', version: 1 }), kpi({ key: 'margin', version: 2, vendorVisible: false })],
        scores: [score('margin', '2026-12', 'green')],
        periods: MONTHS,
      },
      { forVendor: true },
    );
    expect(card.kpis).toEqual([]);
  });
});
