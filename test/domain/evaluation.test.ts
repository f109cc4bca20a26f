import fc from 'fast-check';
import {
  attainment,
  type EvaluationDefinition,
  evaluate,
  meetsTarget,
  type ThresholdDefinition,
  validateScoreValue,
  validateThresholds,
} from '../../src/domain/evaluation';
import type { Rag } from '../../src/domain/types';

const RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

/** Availability: at least 99.9% is the goal, under 99.5% a warning, under 99% a breach. */
const availability: ThresholdDefinition = {
  kind: 'percent',
  direction: 'higher-is-better',
  baseline: 98,
  target: 99.9,
  warningThreshold: 99.5,
  breachThreshold: 99,
};

/** Resolution time in hours: 4h is the goal, over 8h a warning, over 24h a breach. */
const resolutionHours: ThresholdDefinition = {
  kind: 'duration',
  direction: 'lower-is-better',
  baseline: 12,
  target: 4,
  warningThreshold: 8,
  breachThreshold: 24,
};

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sortedThresholds = fc
  .tuple(finite, finite, finite)
  .map((values) => [...values].sort((a, b) => a - b) as [number, number, number]);

describe('evaluate', () => {
  it.each([
    [98.9, 'red'],
    [99, 'amber'],
    [99.4, 'amber'],
    [99.5, 'green'],
    [100, 'green'],
  ] as const)('higher is better: %d%% availability is %s', (value, rag) => {
    expect(evaluate(value, availability)).toBe(rag);
  });

  it.each([
    [25, 'red'],
    [24, 'amber'],
    [9, 'amber'],
    [8, 'green'],
    [0, 'green'],
  ] as const)('lower is better: %d hours to resolve is %s', (value, rag) => {
    expect(evaluate(value, resolutionHours)).toBe(rag);
  });

  it('a pass/fail KPI has no amber', () => {
    const passFail: EvaluationDefinition = {
      kind: 'yes-no',
      direction: 'higher-is-better',
      target: 1,
      warningThreshold: 1,
      breachThreshold: 1,
    };
    expect(evaluate(0, passFail)).toBe('red');
    expect(evaluate(1, passFail)).toBe('green');
  });

  it('refuses values the KPI kind cannot have instead of calling them green', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 101, -1]) {
      expect(() => evaluate(value, availability)).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });

  it('higher is better: a higher value never gets a worse rag', () => {
    fc.assert(
      fc.property(sortedThresholds, finite, finite, ([breach, warning, target], a, b) => {
        const definition: EvaluationDefinition = {
          kind: 'number',
          direction: 'higher-is-better',
          breachThreshold: breach,
          warningThreshold: warning,
          target,
        };
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(RANK[evaluate(high, definition)]).toBeGreaterThanOrEqual(RANK[evaluate(low, definition)]);
      }),
    );
  });

  it('lower is better mirrors higher is better', () => {
    fc.assert(
      fc.property(sortedThresholds, finite, ([breach, warning, target], value) => {
        const higher: EvaluationDefinition = {
          kind: 'number',
          direction: 'higher-is-better',
          breachThreshold: breach,
          warningThreshold: warning,
          target,
        };
        const lower: EvaluationDefinition = {
          kind: 'number',
          direction: 'lower-is-better',
          breachThreshold: -breach,
          warningThreshold: -warning,
          target: -target,
        };
        expect(evaluate(-value, lower)).toBe(evaluate(value, higher));
      }),
    );
  });
});

describe('validateScoreValue', () => {
  it.each([
    [50, 'percent'],
    [0, 'percent'],
    [100, 'percent'],
    [3, 'rating'],
    [0, 'yes-no'],
    [1, 'yes-no'],
    [0, 'duration'],
    [1250.5, 'currency'],
    [-40, 'number'],
  ] as const)('accepts %d as %s', (value, kind) => {
    expect(validateScoreValue(value, kind)).toBeNull();
  });

  it.each([
    [100.1, 'percent', 'Enter a percentage from 0 to 100.'],
    [-0.1, 'percent', 'Enter a percentage from 0 to 100.'],
    [0, 'rating', 'Enter a rating from 1 to 5.'],
    [6, 'rating', 'Enter a rating from 1 to 5.'],
    [3.5, 'rating', 'Enter a whole rating from 1 to 5.'],
    [0.5, 'yes-no', 'Answer yes (1) or no (0).'],
    [2, 'yes-no', 'Answer yes (1) or no (0).'],
    [-1, 'duration', 'Enter a duration of zero or more.'],
    [-5, 'currency', 'Enter an amount of zero or more.'],
    [Number.NaN, 'number', 'Enter a number.'],
    [Number.POSITIVE_INFINITY, 'number', 'Enter a number.'],
    [Number.NEGATIVE_INFINITY, 'currency', 'Enter a number.'],
  ] as const)('rejects %d as %s', (value, kind, message) => {
    expect(validateScoreValue(value, kind)).toBe(message);
  });
});

describe('validateThresholds', () => {
  it('accepts sensible KPIs in both directions', () => {
    expect(validateThresholds(availability)).toEqual([]);
    expect(validateThresholds(resolutionHours)).toEqual([]);
  });

  it('lets the baseline lie anywhere, e.g. already better than the target', () => {
    expect(validateThresholds({ ...availability, baseline: 100 })).toEqual([]);
  });

  it('rejects a breach threshold on the good side of the warning threshold', () => {
    expect(validateThresholds({ ...availability, breachThreshold: 99.7 })).toEqual([
      {
        field: 'breachThreshold',
        message: 'The breach threshold must not be above the warning threshold when higher is better.',
      },
    ]);
    expect(validateThresholds({ ...resolutionHours, breachThreshold: 6 })).toEqual([
      expect.objectContaining({ field: 'breachThreshold', message: expect.stringContaining('below the warning') }),
    ]);
  });

  it('rejects a warning threshold beyond the target, where meeting the target would be amber', () => {
    expect(validateThresholds({ ...resolutionHours, warningThreshold: 3 })).toEqual([
      expect.objectContaining({ field: 'warningThreshold' }),
    ]);
  });

  it('rejects numbers outside the kind’s range, naming the field', () => {
    expect(validateThresholds({ ...availability, target: 120, baseline: Number.NaN })).toEqual([
      { field: 'baseline', message: 'The baseline must be a number.' },
      { field: 'target', message: 'The target must be a percentage from 0 to 100.' },
    ]);
  });
});

describe('attainment and meetsTarget', () => {
  it('measures progress from baseline to target', () => {
    expect(attainment(98, availability)).toBe(0);
    expect(attainment(99.9, availability)).toBe(1);
    expect(attainment(98.95, availability)).toBeCloseTo(0.5);
    expect(attainment(97, availability)).toBeLessThan(0);
    expect(attainment(100, availability)).toBeGreaterThan(1);
  });

  it('measures progress the same way when lower is better', () => {
    expect(attainment(8, resolutionHours)).toBe(0.5);
    expect(attainment(2, resolutionHours)).toBe(1.25);
    expect(attainment(16, resolutionHours)).toBe(-0.5);
  });

  it('is all or nothing when baseline and target are equal', () => {
    const definition = { direction: 'lower-is-better' as const, baseline: 5, target: 5 };
    expect(attainment(4, definition)).toBe(1);
    expect(attainment(5, definition)).toBe(1);
    expect(attainment(6, definition)).toBe(0);
  });

  it('meets the target exactly on it, in the KPI’s direction', () => {
    expect(meetsTarget(99.9, availability)).toBe(true);
    expect(meetsTarget(99.89, availability)).toBe(false);
    expect(meetsTarget(4, resolutionHours)).toBe(true);
    expect(meetsTarget(4.1, resolutionHours)).toBe(false);
  });
});
