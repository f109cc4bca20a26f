/**
 * Value realization: what a contract was expected to deliver (planned) against what it delivered
 * (realized), per period and kind of value. Amounts in different currencies are never added up:
 * every total is per kind and currency, because converting would need a rate and a date nobody agreed.
 *
 * Sums run in integer minor units of the currency (see service-credits.ts), so twelve months of
 * 0.10 add up to exactly 1.20.
 */
import { StewardError } from './errors';
import { currencyExponent, fromMinorUnits } from './service-credits';
import { VALUE_KINDS, type ValueKind } from './types';

export interface ValueEntry {
  periodKey: string;
  kind: ValueKind;
  planned: number;
  realized: number;
  /** ISO 4217 code, e.g. EUR. Quality value is recorded in money too (e.g. rework avoided). */
  currency: string;
}

export interface ValuePoint {
  periodKey: string;
  planned: number;
  realized: number;
  /** realized / planned; null when nothing was planned, since any ratio to zero would mislead. */
  ratio: number | null;
}

export interface ValueTotal {
  kind: ValueKind;
  currency: string;
  planned: number;
  realized: number;
  ratio: number | null;
  records: number;
}

export interface ValueSeries {
  kind: ValueKind;
  currency: string;
  /** Oldest first by period key, which sorts chronologically within one cadence. */
  points: ValuePoint[];
}

export interface ValueSummary {
  /** One per kind and currency that has records, in VALUE_KINDS order and then by currency. */
  totals: ValueTotal[];
  series: ValueSeries[];
}

export interface PortfolioValueTotal extends ValueTotal {
  /** How many contracts contributed to this kind and currency. */
  contracts: number;
}

export interface PortfolioValueSummary {
  totals: PortfolioValueTotal[];
  byContract: Array<{ contractRef: string; summary: ValueSummary }>;
}

export function summarizeValue(records: ValueEntry[]): ValueSummary {
  const groups = new Map<string, { kind: ValueKind; currency: string; periods: Map<string, Sum>; total: Sum }>();
  for (const record of records) {
    const problem = validateValueEntry(record);
    if (problem) throw new StewardError('validation', problem);
    const key = `${record.kind}|${record.currency}`;
    let group = groups.get(key);
    if (!group) {
      group = { kind: record.kind, currency: record.currency, periods: new Map(), total: emptySum() };
      groups.set(key, group);
    }
    const period = group.periods.get(record.periodKey) ?? emptySum();
    group.periods.set(record.periodKey, period);
    for (const sum of [period, group.total]) add(sum, record);
  }

  const ordered = [...groups.values()].sort(
    (a, b) => VALUE_KINDS.indexOf(a.kind) - VALUE_KINDS.indexOf(b.kind) || a.currency.localeCompare(b.currency),
  );
  return {
    totals: ordered.map((group) => ({
      kind: group.kind,
      currency: group.currency,
      ...amounts(group.total, group.currency),
      records: group.total.records,
    })),
    series: ordered.map((group) => ({
      kind: group.kind,
      currency: group.currency,
      points: [...group.periods.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([periodKey, sum]) => ({ periodKey, ...amounts(sum, group.currency) })),
    })),
  };
}

/** Adds up contracts per kind and currency; each contract's own summary is kept alongside. */
export function portfolioValueSummary(
  byContract: Map<string, ValueEntry[]> | Record<string, ValueEntry[]>,
): PortfolioValueSummary {
  const entries = byContract instanceof Map ? [...byContract.entries()] : Object.entries(byContract);
  const perContract = entries
    .map(([contractRef, records]) => ({ contractRef, summary: summarizeValue(records) }))
    .sort((a, b) => a.contractRef.localeCompare(b.contractRef));
  const combined = summarizeValue(entries.flatMap(([, records]) => records));
  return {
    totals: combined.totals.map((total) => ({
      ...total,
      contracts: perContract.filter(({ summary }) =>
        summary.totals.some((line) => line.kind === total.kind && line.currency === total.currency),
      ).length,
    })),
    byContract: perContract,
  };
}

/** A message for the person recording value, or null when the entry is usable. */
export function validateValueEntry(entry: ValueEntry): string | null {
  if (!VALUE_KINDS.includes(entry.kind)) {
    return `"${entry.kind}" is not a kind of value; use ${VALUE_KINDS.join(', ')}.`;
  }
  if (typeof entry.currency !== 'string' || !/^[A-Z]{3}$/.test(entry.currency)) {
    return `"${entry.currency}" is not a currency code; use three capital letters such as EUR.`;
  }
  for (const field of ['planned', 'realized'] as const) {
    const amount = entry[field];
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return `The ${field} amount must be a number.`;
    const scaled = amount * 10 ** currencyExponent(entry.currency);
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      return `${amount} ${entry.currency} has more decimals than ${entry.currency} uses.`;
    }
  }
  return null;
}

interface Sum {
  plannedMinor: number;
  realizedMinor: number;
  records: number;
}

function emptySum(): Sum {
  return { plannedMinor: 0, realizedMinor: 0, records: 0 };
}

function add(sum: Sum, record: ValueEntry): void {
  const scale = 10 ** currencyExponent(record.currency);
  sum.plannedMinor += Math.round(record.planned * scale);
  sum.realizedMinor += Math.round(record.realized * scale);
  sum.records++;
}

function amounts(sum: Sum, currency: string): { planned: number; realized: number; ratio: number | null } {
  const planned = fromMinorUnits(sum.plannedMinor, currency);
  const realized = fromMinorUnits(sum.realizedMinor, currency);
  // The ratio of minor units is exact where the ratio of rounded amounts might not be.
  return { planned, realized, ratio: sum.plannedMinor === 0 ? null : sum.realizedMinor / sum.plannedMinor };
}
