/**
 * When an open escalation moves up its path, and when repeated breaches call for a contract review.
 */
import { StewardError } from './errors';
import { HOUR_MS } from './local-time';
import type { EscalationLevel } from './types';

export interface EscalationState {
  /** The level that was told last. */
  level: number;
  notifiedAt: Date;
  acknowledged: boolean;
}

export type EscalationStep =
  /** The current level still has time to acknowledge. */
  | { kind: 'wait'; until: Date }
  /** The current level let its window pass; tell `toLevel`. `dueAt` is when the window closed. */
  | { kind: 'climb'; toLevel: number; dueAt: Date }
  /** The top level let its window pass and there is nobody higher; a caller may remind it again. */
  | { kind: 'exhausted' }
  /** Someone owns it now, so it stays where it is until resolved. */
  | { kind: 'acknowledged' };

export type ContractReview = 'none' | 'renegotiation-review' | 'termination-review';

/** Hours are elapsed time, not working time: a level asked to answer within 24h has 24h, weekend or not. */
export function levelDueAt(level: Pick<EscalationLevel, 'ackWithinHours'>, notifiedAt: Date): Date {
  return new Date(notifiedAt.getTime() + level.ackWithinHours * HOUR_MS);
}

export function nextEscalationStep(path: EscalationLevel[], state: EscalationState, now: Date): EscalationStep {
  if (state.acknowledged) return { kind: 'acknowledged' };
  const current = path.find((candidate) => candidate.level === state.level);
  if (!current) {
    throw new StewardError(
      'validation',
      `The escalation is at level ${state.level}, which is not on this contract's escalation path.`,
    );
  }
  const dueAt = levelDueAt(current, state.notifiedAt);
  if (now < dueAt) return { kind: 'wait', until: dueAt };
  const higher = path.find((candidate) => candidate.level === state.level + 1);
  return higher ? { kind: 'climb', toLevel: higher.level, dueAt } : { kind: 'exhausted' };
}

/** Problems with an escalation path, empty when it is usable. */
export function validateEscalationPath(path: EscalationLevel[]): string[] {
  if (path.length === 0) return ['Add at least one escalation level.'];
  const problems: string[] = [];
  const levels = path.map((entry) => entry.level).sort((a, b) => a - b);
  if (levels.some((level, index) => level !== index + 1)) {
    problems.push(
      `Levels must be numbered 1 to ${path.length} with none missing or repeated (got ${levels.join(', ')}).`,
    );
  }
  for (const entry of path) {
    if (!Number.isFinite(entry.ackWithinHours) || entry.ackWithinHours <= 0) {
      problems.push(`Level ${entry.level} needs a time to acknowledge of more than 0 hours.`);
    }
    if (!entry.role && entry.people.length === 0) {
      problems.push(`Level ${entry.level} needs a governance role or at least one person to notify.`);
    }
  }
  return problems;
}

/**
 * `threshold` consecutive breaches call for a renegotiation review; twice as many mean the breaches
 * went on for as long again after a renegotiation could have started, which calls for a termination review.
 * The answer is a level, not an event: the caller raises each review once.
 */
export function shouldRaiseContractReview(consecutiveBreaches: number, threshold: number): ContractReview {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new StewardError('validation', 'The repeated-breach threshold must be a whole number of at least 1.');
  }
  if (consecutiveBreaches >= 2 * threshold) return 'termination-review';
  if (consecutiveBreaches >= threshold) return 'renegotiation-review';
  return 'none';
}
