import fc from 'fast-check';
import { StewardError } from '../../src/domain/errors';
import {
  type ReviewableRisk,
  riskHeatMap,
  riskRating,
  riskScore,
  risksDueForReview,
  validateRiskAssessment,
} from '../../src/domain/risk-register';

describe('riskScore and riskRating', () => {
  it('scores likelihood × impact', () => {
    expect(riskScore(4, 3)).toBe(12);
  });

  it.each([
    [1, 1, 'low'],
    [2, 2, 'low'],
    [1, 5, 'medium'],
    [3, 3, 'medium'],
    [2, 5, 'high'],
    [4, 4, 'high'],
    [4, 5, 'critical'],
    [5, 5, 'critical'],
  ] as const)('likelihood %i and impact %i rate %s', (likelihood, impact, rating) => {
    expect(riskRating(riskScore(likelihood, impact))).toBe(rating);
  });

  it.each([
    [0, 3],
    [6, 3],
    [2.5, 3],
    [3, Number.NaN],
  ])('refuses likelihood %p and impact %p with a message on the field', (likelihood, impact) => {
    expect(() => riskScore(likelihood, impact)).toThrow(StewardError);
    const problems = validateRiskAssessment({ likelihood, impact });
    expect(Object.keys(problems).length).toBe(1);
    expect(Object.values(problems)[0]).toMatch(/whole number from 1/);
  });

  it('refuses a review date that does not exist', () => {
    expect(validateRiskAssessment({ likelihood: 2, impact: 2, reviewDate: '2026-02-30' }).reviewDate).toMatch(
      /YYYY-MM-DD/,
    );
  });
});

describe('riskHeatMap', () => {
  it('counts each risk in its likelihood × impact cell and keeps the titles', () => {
    const map = riskHeatMap([
      { title: 'Key engineer leaves', likelihood: 3, impact: 4 },
      { title: 'Price rise', likelihood: 3, impact: 4 },
      { title: 'Data centre outage', likelihood: 1, impact: 5 },
    ]);
    expect(map.counts[2]![3]).toBe(2);
    expect(map.cells[2]![3]).toMatchObject({
      score: 12,
      rating: 'high',
      titles: ['Key engineer leaves', 'Price rise'],
    });
    expect(map.cells[0]![4]).toMatchObject({ likelihood: 1, impact: 5, count: 1, rating: 'medium' });
    expect(map.total).toBe(3);
  });

  it('refuses a risk off the scale instead of dropping it', () => {
    expect(() => riskHeatMap([{ title: 'Bad', likelihood: 6, impact: 1 }])).toThrow(/whole numbers from 1 to 5/);
  });

  it('has counts that add up to the number of risks', () => {
    const risk = fc.record({
      title: fc.string(),
      likelihood: fc.integer({ min: 1, max: 5 }),
      impact: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(risk, { maxLength: 60 }), (risks) => {
        const map = riskHeatMap(risks);
        expect(map.counts.flat().reduce((sum, count) => sum + count, 0)).toBe(risks.length);
        expect(map.cells.flat().reduce((sum, cell) => sum + cell.titles.length, 0)).toBe(risks.length);
      }),
    );
  });
});

describe('risksDueForReview', () => {
  const risk = (title: string, reviewDate: string, status = 'open', likelihood = 2, impact = 2) => ({
    title,
    reviewDate,
    status,
    likelihood,
    impact,
  });

  it('lists risks whose review date has come in the contract’s timezone, most overdue first', () => {
    const risks = [
      risk('due today', '2026-11-30'),
      risk('overdue', '2026-11-20'),
      risk('tomorrow', '2026-12-01'),
      risk('closed', '2026-11-01', 'closed'),
      risk('accepted', '2026-11-01', 'accepted'),
    ];
    // 23:30 UTC on 29 November is already 30 November in Berlin.
    const due = risksDueForReview(risks, new Date('2026-11-29T23:30:00Z'), 'Europe/Berlin');
    expect(due.map((entry) => [entry.risk.title, entry.daysOverdue])).toEqual([
      ['overdue', 10],
      ['due today', 0],
    ]);
    expect(risksDueForReview(risks, new Date('2026-11-29T23:30:00Z'), 'America/New_York')).toHaveLength(1);
  });

  it('puts the higher score first among risks equally overdue', () => {
    const due = risksDueForReview<ReviewableRisk & { title: string }>(
      [risk('minor', '2026-11-01', 'open', 1, 1), risk('major', '2026-11-01', 'mitigating', 5, 4)],
      new Date('2026-11-10T12:00:00Z'),
      'UTC',
    );
    expect(due.map((entry) => entry.risk.title)).toEqual(['major', 'minor']);
  });
});
