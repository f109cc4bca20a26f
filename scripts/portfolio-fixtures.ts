import type { Contract, Person } from '../src/domain/types';
import type { NewKpi } from '../src/store';

/**
 * A plain running contract for portfolios built straight through the store (benchmarks, load tests): no
 * channels, no escalation path, `owner` holding the only role.
 */
export function plainContract(
  reference: string,
  owner: Person,
  options: { amount?: number; startDate?: string; endDate?: string } = {},
): Contract {
  return {
    reference,
    title: `Contract ${reference}`,
    vendor: { name: `Vendor ${reference}`, contacts: [] },
    value: { amount: options.amount ?? 1_000_000, currency: 'EUR' },
    startDate: options.startDate ?? '2020-01-01',
    endDate: options.endDate ?? '2030-12-31',
    status: 'active',
    timezone: 'UTC',
    governance: { owner: [owner] },
    escalationPath: [],
    channels: [],
    holidays: { buyer: [], vendor: [] },
  };
}

/** `count` monthly percentage KPIs the vendor answers (target 99, breach below 96); `weight` per KPI index. */
export function percentKpis(count: number, weight: (index: number) => number = () => 1): NewKpi[] {
  return Array.from({ length: count }, (_, k) => ({
    key: `kpi${k + 1}`,
    definition: {
      name: `KPI ${k + 1}`,
      unit: '%',
      kind: 'percent',
      direction: 'higher-is-better',
      baseline: 95,
      target: 99,
      warningThreshold: 98,
      breachThreshold: 96,
      weight: weight(k),
      cadence: { type: 'monthly' },
      respondent: 'vendor',
      evidenceRequired: false,
      vendorVisible: true,
    },
  }));
}
