import fc from 'fast-check';
import { isStewardError, type StewardError } from '../../src/domain/errors';
import {
  computeServiceCredits,
  pointsBeyondBreach,
  roundHalfUp,
  type ServiceCreditInput,
  type ServiceCreditKpi,
  type ServiceCreditRule,
  type ServiceCreditScore,
  toMinorUnits,
  validateServiceCreditRules,
} from '../../src/domain/service-credits';

const uptime: ServiceCreditKpi = {
  key: 'uptime',
  version: 1,
  name: 'Availability',
  direction: 'higher-is-better',
  breachThreshold: 99,
};
const resolution: ServiceCreditKpi = {
  key: 'resolution',
  version: 1,
  name: 'Resolution time',
  direction: 'lower-is-better',
  breachThreshold: 24,
};

function score(kpiKey: string, value: number, overrides: Partial<ServiceCreditScore> = {}): ServiceCreditScore {
  return {
    kpiKey,
    kpiVersion: 1,
    periodKey: '2026-11',
    value,
    answeredAt: new Date('2026-12-01T09:00:00Z'),
    ...overrides,
  };
}

function credits(overrides: Partial<ServiceCreditInput>) {
  return computeServiceCredits({
    rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 5 }],
    kpis: [uptime, resolution],
    scores: [],
    periodFee: { amount: 10_000, currency: 'EUR' },
    ...overrides,
  });
}

function thrown(run: () => unknown): StewardError {
  try {
    run();
  } catch (error) {
    if (isStewardError(error)) return error;
    throw error;
  }
  throw new Error('expected a StewardError');
}

describe('computeServiceCredits', () => {
  it('a KPI 3 points below breach at 2% per point with a 5% cap credits 5% of the fee', () => {
    const statement = credits({ scores: [score('uptime', 96, { id: 'score-1', evidenceUrl: 'https://x/report' })] });
    const [line] = statement.lines;
    expect(line).toMatchObject({
      kpiKey: 'uptime',
      outcome: 'credited',
      value: 96,
      breachThreshold: 99,
      pointsBeyondBreach: 3,
      rawPercent: 6,
      cappedPercent: 5,
      rawCredit: { amount: 600, currency: 'EUR' },
      cappedCredit: { amount: 500, currency: 'EUR' },
      evidence: { scoreIds: ['score-1'], evidenceUrls: ['https://x/report'] },
    });
    expect(statement.total).toEqual({ amount: 500, currency: 'EUR' });
  });

  it('counts points above breach when lower is better', () => {
    const statement = credits({
      rules: [{ kpiKey: 'resolution', percentOfFeePerPoint: 0.5, capPercent: 10 }],
      scores: [score('resolution', 30)],
    });
    expect(statement.lines[0]).toMatchObject({ pointsBeyondBreach: 6, cappedPercent: 3 });
    expect(statement.total.amount).toBe(300);
  });

  it('credits nothing for a value exactly on the breach threshold, which is amber and not a breach', () => {
    const statement = credits({
      rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 5, flatPercentOnBreach: 1 }],
      scores: [score('uptime', 99)],
    });
    expect(statement.lines[0]).toMatchObject({ outcome: 'no-breach', pointsBeyondBreach: 0, rawPercent: 0 });
    expect(statement.total.amount).toBe(0);
  });

  it('adds the flat percentage on breach to the per-point credit', () => {
    const statement = credits({
      rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 10, flatPercentOnBreach: 1.5 }],
      scores: [score('uptime', 98.5)],
    });
    expect(statement.lines[0]).toMatchObject({ pointsBeyondBreach: 0.5, rawPercent: 2.5, cappedPercent: 2.5 });
    expect(statement.total.amount).toBe(250);
  });

  it('shows a KPI without a score as not scored and credits nothing for it', () => {
    const statement = credits({ scores: [] });
    expect(statement.lines[0]).toMatchObject({ outcome: 'not-scored', value: null, cappedCredit: { amount: 0 } });
  });

  it('limits the total to the contract cap while each line keeps its own capped credit', () => {
    const statement = credits({
      rules: [
        { kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 5 },
        { kpiKey: 'resolution', percentOfFeePerPoint: 1, capPercent: 8 },
      ],
      scores: [score('uptime', 90), score('resolution', 40)],
      contractCapPercent: 10,
    });
    expect(statement.lines.map((line) => line.cappedCredit.amount)).toEqual([500, 800]);
    expect(statement.subtotal.amount).toBe(1300);
    expect(statement.total.amount).toBe(1000);
    expect(statement.contractCapApplied).toBe(true);
  });

  it('measures a score against the breach threshold of the KPI version it was given under', () => {
    const renegotiated = { ...uptime, version: 2, breachThreshold: 98 };
    const statement = credits({ kpis: [uptime, renegotiated], scores: [score('uptime', 98.5, { kpiVersion: 1 })] });
    expect(statement.lines[0]).toMatchObject({ kpiVersion: 1, breachThreshold: 99, pointsBeyondBreach: 0.5 });
  });

  it('uses the latest answer when a period was answered twice', () => {
    const statement = credits({
      scores: [
        score('uptime', 97, { id: 'late', answeredAt: new Date('2026-12-03T09:00:00Z') }),
        score('uptime', 90, { id: 'early', answeredAt: new Date('2026-12-01T09:00:00Z') }),
      ],
    });
    expect(statement.lines[0]).toMatchObject({ value: 97, evidence: { scoreIds: ['late'] } });
  });

  it('rounds to whole cents, half up, without float drift', () => {
    // 99 − 97.3 is 1.7000000000000028 in binary; the credit must still be exactly 1.7 × 1.5% of 1,234.50.
    const statement = credits({
      rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: 1.5, capPercent: 100 }],
      scores: [score('uptime', 97.3)],
      periodFee: { amount: 1234.5, currency: 'EUR' },
    });
    expect(statement.lines[0]!.pointsBeyondBreach).toBe(1.7);
    // 123450 cents × 2.55% = 3147.975 cents → 3148 cents.
    expect(statement.total).toEqual({ amount: 31.48, currency: 'EUR' });
  });

  it('uses the currency’s own minor unit: yen have none', () => {
    const statement = credits({ scores: [score('uptime', 98.75)], periodFee: { amount: 12_345, currency: 'JPY' } });
    // 0.25 points × 2% = 0.5% of 12,345 = 61.725 → 62 yen.
    expect(statement.total).toEqual({ amount: 62, currency: 'JPY' });
  });

  it('refuses a fee with more decimals than its currency has', () => {
    const error = thrown(() => credits({ periodFee: { amount: 10.005, currency: 'EUR' } }));
    expect(error.fieldErrors.periodFee).toMatch(/more decimals than EUR uses/);
  });

  it('reports a bad fee together with bad rules', () => {
    const error = thrown(() =>
      credits({
        rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 150 }],
        periodFee: { amount: -100, currency: 'EUR' },
      }),
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['periodFee', 'rules.0.capPercent']);
  });

  it('refuses scores from more than one period', () => {
    const error = thrown(() =>
      credits({ scores: [score('uptime', 96), score('uptime', 96, { periodKey: '2026-10' })] }),
    );
    expect(error.userMessage).toMatch(/one period at a time/);
  });

  it('refuses a rule for a KPI the contract does not have', () => {
    const error = thrown(() => credits({ rules: [{ kpiKey: 'latency', percentOfFeePerPoint: 1, capPercent: 5 }] }));
    expect(error.fieldErrors['rules.0.kpiKey']).toBe('There is no KPI latency on this contract.');
  });

  it('total never exceeds the contract cap nor the sum of the rule caps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 80, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (value, rate, cap, contractCap, feeCents) => {
          const statement = credits({
            rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: rate, capPercent: cap }],
            scores: [score('uptime', value)],
            periodFee: { amount: feeCents / 100, currency: 'EUR' },
            contractCapPercent: contractCap,
          });
          const totalCents = Math.round(statement.total.amount * 100);
          expect(Number.isInteger(totalCents)).toBe(true);
          expect(totalCents).toBeLessThanOrEqual(Math.round((feeCents * Math.min(cap, contractCap)) / 100) + 1);
          expect(totalCents).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('validateServiceCreditRules', () => {
  it.each<[string, Partial<ServiceCreditRule>, string]>([
    ['a negative rate', { percentOfFeePerPoint: -1 }, 'rules.0.percentOfFeePerPoint'],
    ['a cap below 0', { capPercent: -5 }, 'rules.0.capPercent'],
    ['a cap above 100', { capPercent: 120 }, 'rules.0.capPercent'],
    ['a negative flat credit', { flatPercentOnBreach: -2 }, 'rules.0.flatPercentOnBreach'],
    ['a rate that is not a number', { percentOfFeePerPoint: Number.NaN }, 'rules.0.percentOfFeePerPoint'],
  ])('reports %s on its field', (_, change, field) => {
    const problems = validateServiceCreditRules([
      { kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 5, ...change },
    ]);
    expect(Object.keys(problems)).toEqual([field]);
  });

  it('reports a second rule for the same KPI', () => {
    const rule = { kpiKey: 'uptime', percentOfFeePerPoint: 2, capPercent: 5 };
    expect(validateServiceCreditRules([rule, rule])['rules.1.kpiKey']).toMatch(/already has a rule \(rule 1\)/);
  });

  it('reports a contract cap outside 0–100', () => {
    expect(validateServiceCreditRules([], 101).contractCapPercent).toMatch(/from 0 to 100/);
  });

  it('makes computeServiceCredits throw a validation error listing every problem', () => {
    const error = thrown(() => credits({ rules: [{ kpiKey: 'uptime', percentOfFeePerPoint: -1, capPercent: 200 }] }));
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['rules.0.capPercent', 'rules.0.percentOfFeePerPoint']);
  });
});

describe('money helpers', () => {
  it('rounds half up', () => {
    expect([0.5, 1.5, 2.5, 2.4999999999999996, 12.499999999999998].map(roundHalfUp)).toEqual([1, 2, 3, 3, 13]);
  });

  it('converts to minor units exactly despite binary fractions', () => {
    expect(toMinorUnits({ amount: 0.29, currency: 'EUR' })).toBe(29);
    expect(toMinorUnits({ amount: 1.005, currency: 'BHD' })).toBe(1005);
  });

  it('points beyond breach are 0 inside the threshold in either direction', () => {
    expect(pointsBeyondBreach(99.5, uptime)).toBe(0);
    expect(pointsBeyondBreach(20, resolution)).toBe(0);
  });
});
