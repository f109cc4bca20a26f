import fc from 'fast-check';
import {
  type EscalationState,
  levelDueAt,
  nextEscalationStep,
  shouldRaiseContractReview,
  validateEscalationPath,
} from '../../src/domain/escalation-policy';
import type { EscalationLevel } from '../../src/domain/types';

const HOUR = 3_600_000;
const PATH: EscalationLevel[] = [
  { level: 1, role: 'owner', people: [], ackWithinHours: 24 },
  { level: 2, role: 'procurement', people: [], ackWithinHours: 48 },
  { level: 3, people: [{ email: 'cpo@example.com' }], ackWithinHours: 72 },
];
const notifiedAt = new Date('2026-11-02T09:00:00Z');
const at = (level: number, acknowledged = false): EscalationState => ({ level, notifiedAt, acknowledged });
const hoursLater = (hours: number) => new Date(notifiedAt.getTime() + hours * HOUR);

describe('nextEscalationStep', () => {
  it('waits while the current level still has time to acknowledge', () => {
    expect(nextEscalationStep(PATH, at(1), hoursLater(23.9))).toEqual({ kind: 'wait', until: hoursLater(24) });
    expect(nextEscalationStep(PATH, at(2), hoursLater(47))).toEqual({ kind: 'wait', until: hoursLater(48) });
  });

  it('climbs to the next level once the ack window has passed', () => {
    expect(nextEscalationStep(PATH, at(1), hoursLater(24))).toEqual({
      kind: 'climb',
      toLevel: 2,
      dueAt: hoursLater(24),
    });
    expect(nextEscalationStep(PATH, at(2), hoursLater(100))).toEqual({
      kind: 'climb',
      toLevel: 3,
      dueAt: hoursLater(48),
    });
  });

  it('is exhausted when the top level lets its window pass', () => {
    expect(nextEscalationStep(PATH, at(3), hoursLater(71))).toMatchObject({ kind: 'wait' });
    expect(nextEscalationStep(PATH, at(3), hoursLater(72))).toEqual({ kind: 'exhausted' });
  });

  it('never climbs once acknowledged, however late it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 10_000 }), (level, hours) => {
        expect(nextEscalationStep(PATH, at(level, true), hoursLater(hours))).toEqual({ kind: 'acknowledged' });
      }),
    );
  });

  it('finds levels by number, not by position in the list', () => {
    const shuffled = [PATH[2]!, PATH[0]!, PATH[1]!];
    expect(nextEscalationStep(shuffled, at(1), hoursLater(30))).toMatchObject({ kind: 'climb', toLevel: 2 });
  });

  it('refuses a level that is not on the path', () => {
    expect(() => nextEscalationStep(PATH, at(4), hoursLater(1))).toThrow(
      expect.objectContaining({ code: 'validation' }),
    );
  });
});

describe('levelDueAt', () => {
  it('adds the level’s hours to acknowledge as elapsed time', () => {
    expect(levelDueAt({ ackWithinHours: 36 }, new Date('2026-10-24T12:00:00Z')).toISOString()).toBe(
      '2026-10-26T00:00:00.000Z',
    );
  });
});

describe('validateEscalationPath', () => {
  it('accepts a contiguous path with someone to tell at each level', () => {
    expect(validateEscalationPath(PATH)).toEqual([]);
  });

  it('needs at least one level', () => {
    expect(validateEscalationPath([])).toEqual(['Add at least one escalation level.']);
  });

  it('needs levels numbered 1 to n', () => {
    const gap = [PATH[0]!, { ...PATH[2]!, level: 3 }];
    expect(validateEscalationPath(gap)).toEqual([
      'Levels must be numbered 1 to 2 with none missing or repeated (got 1, 3).',
    ]);
    expect(validateEscalationPath([PATH[0]!, PATH[0]!])).toHaveLength(1);
  });

  it('needs a positive time to acknowledge and someone to notify', () => {
    expect(
      validateEscalationPath([
        { level: 1, role: 'owner', people: [], ackWithinHours: 0 },
        { level: 2, people: [], ackWithinHours: 24 },
      ]),
    ).toEqual([
      'Level 1 needs a time to acknowledge of more than 0 hours.',
      'Level 2 needs a governance role or at least one person to notify.',
    ]);
  });
});

describe('shouldRaiseContractReview', () => {
  it.each([
    [0, 'none'],
    [2, 'none'],
    [3, 'renegotiation-review'],
    [5, 'renegotiation-review'],
    [6, 'termination-review'],
    [9, 'termination-review'],
  ] as const)('%d consecutive breaches with a threshold of 3: %s', (breaches, review) => {
    expect(shouldRaiseContractReview(breaches, 3)).toBe(review);
  });

  it('rejects a threshold below 1', () => {
    expect(() => shouldRaiseContractReview(4, 0)).toThrow(expect.objectContaining({ code: 'validation' }));
  });
});
