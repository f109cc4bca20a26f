import { formatValue, periodLabel } from '../../src/domain/format';

describe('how values and periods read in chat', () => {
  it('formats each KPI kind', () => {
    expect(formatValue(99.5, 'percent', '%')).toBe('99.5%');
    expect(formatValue(1, 'yes-no', '')).toBe('Yes');
    expect(formatValue(0, 'yes-no', '')).toBe('No');
    expect(formatValue(4, 'rating', '')).toBe('4 / 5');
    expect(formatValue(1250, 'currency', 'EUR')).toBe('1,250.00 EUR');
    expect(formatValue(36, 'duration', 'h')).toBe('36 h');
  });

  it('names periods as people say them', () => {
    expect(periodLabel('2026-11')).toBe('November 2026');
    expect(periodLabel('2026-Q4')).toBe('Q4 2026');
    expect(periodLabel('2026-W05')).toBe('Week 5, 2026');
    expect(periodLabel('M-2026-12-15')).toBe('Milestone 2026-12-15');
  });
});
