import type { KpiKind, Rag } from './types';

/** How a value reads in chat: `99.5%`, `4 / 5`, `Yes`, `1,250.00 EUR`, `36 h`. */
export function formatValue(value: number, kind: KpiKind, unit: string): string {
  switch (kind) {
    case 'percent':
      return `${trimNumber(value)}%`;
    case 'yes-no':
      return value >= 1 ? 'Yes' : 'No';
    case 'rating':
      return `${trimNumber(value)} / 5`;
    case 'currency':
      return `${MONEY_DIGITS.format(value)}${unit ? ` ${unit}` : ''}`;
    default:
      return `${trimNumber(value)}${unit ? ` ${unit}` : ''}`;
  }
}

// Built once: `toLocaleString` with options builds a new formatter on every call, which showed in profiles
// of the score modal and of the check-in fan-out.
const WHOLE = new Intl.NumberFormat('en-US');
const UP_TO_FOUR_DIGITS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const MONEY_DIGITS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function trimNumber(value: number): string {
  return Number.isInteger(value) ? WHOLE.format(value) : UP_TO_FOUR_DIGITS.format(value);
}

export const RAG_LABEL: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A period key as people say it: `2026-11` → `November 2026`, `2026-Q4` → `Q4 2026`, `2026-W48` → `Week 48, 2026`. */
export function periodLabel(periodKey: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  if (quarter) return `Q${quarter[2]} ${quarter[1]}`;
  const half = /^(\d{4})-H([12])$/.exec(periodKey);
  if (half) return `H${half[2]} ${half[1]}`;
  const week = /^(\d{4})-W(\d{2})$/.exec(periodKey);
  if (week) return `Week ${Number(week[2])}, ${week[1]}`;
  const milestone = /^M-(\d{4}-\d{2}-\d{2})$/.exec(periodKey);
  if (milestone) return `Milestone ${milestone[1]}`;
  return periodKey;
}
