import { mergeResults } from '../../bench/results-file';

const wholeRun = `# Steward benchmarks

2026-11-24 · 2 CPUs

## 1. Acknowledgement latency

| a | b |
| 1 | 2 |

## 2. Fan-out

old fan-out figures

Total benchmark time: 900 s.
`;

describe('bench/RESULTS.md after a partial run', () => {
  it('replaces the sections measured, adds new ones, and keeps the rest and the whole run’s total', () => {
    const partial = `# Steward benchmarks

2026-12-07 · 2 CPUs

## 2. Fan-out

new fan-out figures

## 6. Idle tick

idle figures

Total benchmark time: 120 s.
`;
    const merged = mergeResults(wholeRun, partial, '2026-12-07 · 2 CPUs · Node v20');
    expect(merged).toContain('2026-11-24 · 2 CPUs');
    expect(merged).toContain('| 1 | 2 |');
    expect(merged).not.toContain('old fan-out figures');
    expect(merged).toContain(
      '## 2. Fan-out\n\n_Measured on 2026-12-07 · 2 CPUs · Node v20 (partial run)._\n\nnew fan-out figures',
    );
    expect(merged.indexOf('## 6. Idle tick')).toBeGreaterThan(merged.indexOf('new fan-out figures'));
    expect(merged).toContain('Total benchmark time: 900 s.');
    expect(merged).not.toContain('120 s');
    // Measured again: one mark, not two.
    const again = mergeResults(merged, partial, '2026-12-08 · 2 CPUs · Node v20');
    expect(again.match(/_Measured on/g)).toHaveLength(2);
    expect(again).toContain('2026-12-08');
    expect(again).not.toContain('on 2026-12-07 ·');
  });
});
