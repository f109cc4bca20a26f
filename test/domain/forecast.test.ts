import fc from 'fast-check';
import {
  type BreachRule,
  breachOutlook,
  breachProbability,
  FORECAST_WINDOW,
  forecastNext,
  isBreach,
  MIN_FORECAST_POINTS,
  nextPeriodWords,
  normalCdf,
  WARN_ENTER_PROBABILITY,
} from '../../src/domain/forecast';

const HIGHER: BreachRule = { direction: 'higher-is-better', breachThreshold: 99 };

const finite = fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true });
const seriesArb = fc.array(finite, { minLength: MIN_FORECAST_POINTS, maxLength: 20 });

describe('forecastNext: examples', () => {
  it('needs MIN_FORECAST_POINTS scores, and says so with null rather than guessing', () => {
    expect(forecastNext([99.9, 99.8, 99.7, 99.6])).toBeNull();
    expect(forecastNext([99.9, 99.8, 99.7, 99.6, 99.5])).not.toBeNull();
  });

  it('continues a steady decline, damped: below the last value, not past the straight line', () => {
    const forecast = forecastNext([99.9, 99.8, 99.7, 99.6, 99.5, 99.4])!;
    expect(forecast.value).toBeLessThan(99.4);
    expect(forecast.value).toBeGreaterThanOrEqual(99.3 - 1e-9);
    // Damping makes a straight line miss by a fraction of its step; the spread stays below one step.
    expect(forecast.sigma).toBeLessThan(0.1);
  });

  it('forecasts a flat series as itself with no spread', () => {
    const forecast = forecastNext([99.5, 99.5, 99.5, 99.5, 99.5, 99.5])!;
    expect(forecast).toMatchObject({ value: 99.5, low: 99.5, high: 99.5, sigma: 0, points: 6 });
  });

  it('gives a noisy series a wider interval than a quiet one with the same mean', () => {
    const quiet = forecastNext([99.5, 99.6, 99.5, 99.6, 99.5, 99.6, 99.5, 99.6])!;
    const noisy = forecastNext([99.1, 99.9, 99.2, 99.8, 99.1, 99.9, 99.2, 99.8])!;
    expect(noisy.high - noisy.low).toBeGreaterThan(quiet.high - quiet.low);
  });

  it('uses only the last FORECAST_WINDOW scores', () => {
    const recent = [99.5, 99.6, 99.5, 99.6, 99.5, 99.6, 99.5, 99.6, 99.5, 99.6, 99.5, 99.6];
    expect(recent).toHaveLength(FORECAST_WINDOW);
    expect(forecastNext([10, 20, 30, ...recent])).toEqual(forecastNext(recent));
  });

  it('keeps a percent forecast and its interval inside 0–100', () => {
    const forecast = forecastNext([96, 97, 98, 99, 100, 100, 100], { kind: 'percent' })!;
    expect(forecast.high).toBeLessThanOrEqual(100);
    expect(forecast.value).toBeLessThanOrEqual(100);
  });

  it('skips values that are not finite instead of forecasting NaN', () => {
    const forecast = forecastNext([99.9, Number.NaN, 99.8, 99.7, 99.6, 99.5])!;
    expect(Number.isFinite(forecast.value)).toBe(true);
    expect(forecast.points).toBe(5);
  });
});

describe('breachOutlook: examples', () => {
  it('warns while the KPI is still green, before the period it breaches', () => {
    const values = [99.9, 99.8, 99.7, 99.5, 99.3, 99.1, 98.7];
    const steps = breachOutlook(values, HIGHER);
    const firstWarning = steps.findIndex((step) => step.newWarning);
    const firstBreach = values.findIndex((value) => isBreach(value, HIGHER));
    expect(firstWarning).toBeGreaterThanOrEqual(0);
    expect(firstWarning).toBeLessThan(firstBreach);
    expect(isBreach(values[firstWarning]!, HIGHER)).toBe(false);
    expect(steps[firstWarning]!.forecast!.value).toBeLessThan(99);
  });

  it('a straight slow decline is only warned about once the forecast nears the line, not at the first dip', () => {
    const steps = breachOutlook([99.9, 99.8, 99.7, 99.6, 99.5, 99.4], HIGHER);
    expect(steps.some((step) => step.warning)).toBe(false);
  });

  it('never warns for a flat series', () => {
    expect(breachOutlook([99.4, 99.4, 99.4, 99.4, 99.4, 99.4, 99.4, 99.4], HIGHER).some((s) => s.warning)).toBe(false);
  });

  it('warns once for a KPI hovering just above the line, not every time it wobbles', () => {
    const values = [99.8, 99.6, 99.4, 99.2, 99.1, 99.05, 99.15, 99.05, 99.15, 99.05, 99.15, 99.05];
    const steps = breachOutlook(values, HIGHER);
    expect(steps.filter((step) => step.newWarning).length).toBeLessThanOrEqual(1);
  });

  it('respects lower-is-better: a rising response time warns, a falling one does not', () => {
    const rule: BreachRule = { direction: 'lower-is-better', breachThreshold: 4 };
    expect(breachOutlook([2, 2.4, 2.8, 3.2, 3.6, 3.8], rule).some((s) => s.newWarning)).toBe(true);
    expect(breachOutlook([3.8, 3.6, 3.2, 2.8, 2.4, 2], rule).some((s) => s.warning)).toBe(false);
  });
});

describe('forecast properties', () => {
  it('the interval always contains the point forecast', () => {
    fc.assert(
      fc.property(seriesArb, (values) => {
        const forecast = forecastNext(values)!;
        return forecast.low <= forecast.value && forecast.value <= forecast.high && forecast.sigma >= 0;
      }),
    );
  });

  it('shifting every score and the threshold by the same amount changes nothing but the level', () => {
    fc.assert(
      fc.property(seriesArb, fc.double({ min: -100, max: 100, noNaN: true }), (values, shift) => {
        const a = forecastNext(values)!;
        const b = forecastNext(values.map((v) => v + shift))!;
        const tolerance = 1e-6 * (1 + Math.max(...values.map(Math.abs)) + Math.abs(shift));
        return Math.abs(a.value + shift - b.value) < tolerance && Math.abs(a.sigma - b.sigma) < tolerance;
      }),
    );
  });

  it('mirroring the series and the direction gives the same breach probability', () => {
    fc.assert(
      fc.property(seriesArb, finite, (values, threshold) => {
        const up = forecastNext(values)!;
        const down = forecastNext(values.map((v) => -v))!;
        const pUp = breachProbability(up, { direction: 'higher-is-better', breachThreshold: threshold });
        const pDown = breachProbability(down, { direction: 'lower-is-better', breachThreshold: -threshold });
        return Math.abs(pUp - pDown) < 1e-6;
      }),
    );
  });

  it('a constant series has no spread and forecasts itself', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: MIN_FORECAST_POINTS, max: 15 }), (value, length) => {
        const forecast = forecastNext(new Array(length).fill(value))!;
        return forecast.value === value && forecast.sigma === 0;
      }),
    );
  });

  it('a straight line is continued in its direction, by no more than one step (the trend is damped)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.integer({ min: MIN_FORECAST_POINTS, max: 15 }),
        (start, slope, length) => {
          const rising = Array.from({ length }, (_, index) => start + slope * index);
          const last = rising[length - 1]!;
          const up = forecastNext(rising)!;
          const down = forecastNext(rising.map((v) => -v))!;
          const tolerance = 1e-9 * (1 + Math.abs(last));
          return (
            up.value > last - tolerance &&
            up.value <= last + slope + tolerance &&
            down.value < -last + tolerance &&
            down.value >= -last - slope - tolerance
          );
        },
      ),
    );
  });

  it('a percent KPI is always forecast inside 0–100', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 5, maxLength: 15 }), (values) => {
        const forecast = forecastNext(values, { kind: 'percent' })!;
        return forecast.low >= 0 && forecast.high <= 100 && forecast.value >= 0 && forecast.value <= 100;
      }),
    );
  });

  it('the outlook never warns at a red score, enters only above the entry probability, and each warning is entered once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 97, max: 101, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (values) => {
          const steps = breachOutlook(values, HIGHER);
          return steps.every((step, index) => {
            const previous = steps[index - 1];
            if (step.warning && isBreach(values[index]!, HIGHER)) return false;
            if (step.newWarning && (previous?.warning || step.probability < WARN_ENTER_PROBABILITY)) return false;
            return step.newWarning === (step.warning && !previous?.warning);
          });
        },
      ),
    );
  });

  it('the outlook is the same for the prefix: adding a score never rewrites earlier steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 97, max: 101, noNaN: true }), { minLength: 2, maxLength: 16 }),
        (values) => {
          const whole = breachOutlook(values, HIGHER);
          const prefix = breachOutlook(values.slice(0, -1), HIGHER);
          return prefix.every((step, index) => step.warning === whole[index]!.warning);
        },
      ),
    );
  });
});

describe('helpers', () => {
  it('normalCdf is a CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.2816)).toBeCloseTo(0.9, 3);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
  });

  it('names the next period by cadence', () => {
    expect(nextPeriodWords({ type: 'monthly' })).toBe('next month');
    expect(nextPeriodWords('weekly')).toBe('next week');
    expect(nextPeriodWords('quarterly')).toBe('next quarter');
    expect(nextPeriodWords({ type: 'milestones', dates: [] })).toBe('at the next milestone');
  });
});
