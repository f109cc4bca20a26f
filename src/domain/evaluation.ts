/**
 * Turning a KPI value into green / amber / red, and checking that values and thresholds make sense
 * for the KPI's kind. Messages are written for the person typing the value in chat.
 */
import { StewardError } from './errors';
import type { KpiDefinition, KpiKind, Rag } from './types';

export type EvaluationDefinition = Pick<
  KpiDefinition,
  'direction' | 'target' | 'warningThreshold' | 'breachThreshold' | 'kind'
>;
export type ThresholdDefinition = EvaluationDefinition & Pick<KpiDefinition, 'baseline'>;
export type ThresholdField = 'baseline' | 'target' | 'warningThreshold' | 'breachThreshold';

export interface ThresholdProblem {
  /** The input the problem belongs to, for inline errors in a modal or card. */
  field: ThresholdField;
  message: string;
}

interface KindRange {
  min: number;
  max: number;
  /** Said to the user when a value falls outside the range. */
  rule: string;
}

const KIND_RANGES: Record<KpiKind, KindRange> = {
  percent: { min: 0, max: 100, rule: 'a percentage from 0 to 100' },
  rating: { min: 1, max: 5, rule: 'a rating from 1 to 5' },
  'yes-no': { min: 0, max: 1, rule: 'yes (1) or no (0)' },
  duration: { min: 0, max: Number.POSITIVE_INFINITY, rule: 'a duration of zero or more' },
  currency: { min: 0, max: Number.POSITIVE_INFINITY, rule: 'an amount of zero or more' },
  number: { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY, rule: 'a number' },
};

const FIELD_LABELS: Record<ThresholdField, string> = {
  baseline: 'The baseline',
  target: 'The target',
  warningThreshold: 'The warning threshold',
  breachThreshold: 'The breach threshold',
};

/**
 * Higher-is-better: below breach is red, below warning is amber, otherwise green; lower-is-better
 * mirrors it. A value exactly on a threshold has not crossed it, so hitting the breach threshold
 * is amber and hitting the warning threshold is green. Throws on a value the KPI's kind cannot
 * have, because NaN compares false to everything and would otherwise come out green.
 */
export function evaluate(value: number, definition: EvaluationDefinition): Rag {
  const problem = validateScoreValue(value, definition.kind);
  if (problem) throw new StewardError('validation', problem, { fieldErrors: { value: problem } });
  const worseThan = (threshold: number) =>
    definition.direction === 'higher-is-better' ? value < threshold : value > threshold;
  if (worseThan(definition.breachThreshold)) return 'red';
  if (worseThan(definition.warningThreshold)) return 'amber';
  return 'green';
}

/** An error message for the person entering `value`, or null when the KPI's kind allows it. */
export function validateScoreValue(value: number, kind: KpiKind): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'Enter a number.';
  const range = KIND_RANGES[kind];
  if (kind === 'yes-no' && value !== 0 && value !== 1) return 'Answer yes (1) or no (0).';
  if (kind === 'rating' && !Number.isInteger(value)) return 'Enter a whole rating from 1 to 5.';
  if (value < range.min || value > range.max) return `Enter ${range.rule}.`;
  return null;
}

/**
 * Problems with a KPI's numbers, empty when it is usable. Thresholds must sit between breach and
 * target in the KPI's direction (higher-is-better: breach ≤ warning ≤ target), otherwise a value
 * could meet the target and still be amber. Equal thresholds are allowed: a pass/fail KPI has no
 * amber band. The baseline is where the contract started and may lie anywhere in the kind's range.
 */
export function validateThresholds(definition: ThresholdDefinition): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const range = KIND_RANGES[definition.kind];
  for (const field of ['baseline', 'target', 'warningThreshold', 'breachThreshold'] as const) {
    const value = definition[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, message: `${FIELD_LABELS[field]} must be a number.` });
    } else if (value < range.min || value > range.max) {
      problems.push({ field, message: `${FIELD_LABELS[field]} must be ${range.rule}.` });
    }
  }
  if (problems.length > 0) return problems;

  const higherIsBetter = definition.direction === 'higher-is-better';
  const better = higherIsBetter ? 'above' : 'below';
  const when = higherIsBetter ? 'higher is better' : 'lower is better';
  const isWorse = (a: number, b: number) => (higherIsBetter ? a < b : a > b);
  if (isWorse(definition.warningThreshold, definition.breachThreshold)) {
    problems.push({
      field: 'breachThreshold',
      message: `The breach threshold must not be ${better} the warning threshold when ${when}.`,
    });
  }
  if (isWorse(definition.target, definition.warningThreshold)) {
    problems.push({
      field: 'warningThreshold',
      message: `The warning threshold must not be ${better} the target when ${when}, or meeting the target would not be green.`,
    });
  }
  return problems;
}

export function meetsTarget(value: number, definition: Pick<KpiDefinition, 'direction' | 'target'>): boolean {
  return definition.direction === 'higher-is-better' ? value >= definition.target : value <= definition.target;
}

/**
 * How far a value has come from baseline toward target: 0 at baseline, 1 at target, above 1 when
 * it beats the target and negative when it is worse than the baseline. Direction needs no special
 * case because target − baseline already carries the sign.
 */
export function attainment(
  value: number,
  definition: Pick<KpiDefinition, 'direction' | 'baseline' | 'target'>,
): number {
  const distance = definition.target - definition.baseline;
  if (distance === 0) return meetsTarget(value, definition) ? 1 : 0;
  return (value - definition.baseline) / distance;
}
