import { StewardError } from '../domain/errors';
import { periodLabel } from '../domain/format';
import { addDays, addMonths, HOUR_MS, instantAtLocalTime, localDateTime } from '../domain/local-time';
import type { Contract } from '../domain/types';
import {
  type PortfolioValueSummary,
  portfolioValueSummary,
  summarizeValue,
  type ValueEntry,
  type ValueSummary,
  validateValueEntry,
} from '../domain/value-realization';
import type { ContractRecord, ValueRecordEntry } from '../store/records';
import { authorizeInternal } from './access-checks';
import { recordRefusal } from './authorization';
import { MONITORED_STATUSES } from './checkins-service';
import type { ServiceDeps } from './deps';
import { parseInput, valueRecordInput } from './inputs';
import { NextDueWriter } from './next-due';
import { giveBack, takeOnce } from './once';
import { internalPlaces, postNotices } from './places';
import { DeliveryReport, reachabilityForOneRun } from './reachability';
import type { Actor, ValueApi, ValueRecordView } from './service-api';

/** Value check-ins go out in the first days of a month, for the month just ended. */
const CHECKIN_WINDOW_DAYS = 7;

/**
 * Value realization: what a contract was expected to deliver against what it did, per period and
 * kind (savings, cost avoidance, quality), for one contract and for the portfolio. Each month the
 * owners are asked what the month just ended realized.
 */
export class ValueService implements ValueApi {
  constructor(private readonly deps: ServiceDeps) {}

  async record(actor: Actor, reference: string, input: unknown): Promise<ValueRecordView> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'value records');
    const parsed = parseInput(valueRecordInput, input);
    const problem = validateValueEntry(parsed);
    if (problem) throw new StewardError('validation', problem, { fieldErrors: { realized: problem } });
    const outside = outsideTerm(parsed.periodKey, contract);
    if (outside) throw new StewardError('validation', outside, { fieldErrors: { periodKey: outside } });
    const record = await store.values.record({
      contractRef: reference,
      periodKey: parsed.periodKey,
      kind: parsed.kind,
      planned: parsed.planned,
      realized: parsed.realized,
      currency: parsed.currency,
      note: parsed.note,
      recordedBy: actor.person,
    });
    await store.audit.append({
      contractRef: reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'value.recorded',
      entityType: 'value',
      entityId: record.id,
      after: {
        periodKey: record.periodKey,
        kind: record.kind,
        planned: record.planned,
        realized: record.realized,
        currency: record.currency,
        note: record.note ?? null,
      },
    });
    return recordView(record);
  }

  async summary(actor: Actor, reference: string): Promise<ValueSummary & { contractRef: string }> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'value figures');
    const records = await store.values.listForContract(reference);
    return { contractRef: reference, ...summarizeValue(records.map(entryOf)) };
  }

  async portfolio(actor: Actor): Promise<PortfolioValueSummary> {
    const { store } = this.deps;
    if (actor.external || actor.channel?.shared) {
      await recordRefusal(this.deps, actor, 'view-portfolio-value');
      throw new StewardError(
        'forbidden',
        'The portfolio value summary is internal: ask for it in an internal channel or a direct message with Steward.',
      );
    }
    const references = await store.contracts.references();
    const records = await store.values.listForContracts(references);
    const byContract = new Map<string, ValueEntry[]>();
    for (const record of records) {
      byContract.set(record.contractRef, [...(byContract.get(record.contractRef) ?? []), entryOf(record)]);
    }
    return portfolioValueSummary(byContract);
  }

  /**
   * Asks each running contract's owners, once a month, what the month just ended realized. Reads only the
   * contracts whose value check-in is due (an indexed next-due time), and puts each aside until its next one.
   */
  async runScheduled(now: Date): Promise<{ prompted: number; nextRunAt: Date | null }> {
    const { store, logger } = this.deps;
    const contracts = await store.contracts.dueFor('value', now, MONITORED_STATUSES);
    const nextDue = new NextDueWriter(store, 'value');
    const run = reachabilityForOneRun(this.deps);
    let prompted = 0;
    for (const contract of contracts) {
      try {
        const { next, posted } = await this.valueCheckin(run, contract, now);
        if (posted) prompted += 1;
        await nextDue.add(contract, next);
      } catch (error) {
        // Left due: the next tick tries again.
        logger.error({ err: error, contractRef: contract.reference }, 'value check-in failed');
      }
    }
    await nextDue.flush();
    return { prompted, nextRunAt: await store.contracts.earliestDue('value', MONITORED_STATUSES) };
  }

  /** Posts one contract's value check-in when it is due; says when to look at the contract again. */
  private async valueCheckin(
    deps: ServiceDeps,
    contract: ContractRecord,
    now: Date,
  ): Promise<{ next: Date; posted: boolean }> {
    const { store, settings } = deps;
    const local = localDateTime(now, contract.timezone);
    const nextWindow = instantAtLocalTime(
      addMonths(`${local.date.slice(0, 7)}-01`, 1),
      settings.promptHour,
      0,
      contract.timezone,
    );
    if (Number(local.date.slice(8)) > CHECKIN_WINDOW_DAYS) return { next: nextWindow, posted: false };
    if (local.hour < settings.promptHour) {
      return { next: instantAtLocalTime(local.date, settings.promptHour, 0, contract.timezone), posted: false };
    }
    const month = addMonths(`${local.date.slice(0, 7)}-01`, -1).slice(0, 7);
    if (outsideTerm(month, contract)) return { next: nextWindow, posted: false };
    // Where it would go first: a contract whose only recipient is known to be unreachable is put aside without
    // taking its claim or reading its records, so 600 contracts of one deactivated owner cost 600 point reads.
    const report = new DeliveryReport(contract);
    const places = await internalPlaces(deps, contract, undefined, report);
    if (places.length === 0) return { next: report.retryAt ?? new Date(now.getTime() + HOUR_MS), posted: false };
    const key = `value-checkin:${contract.reference}:${month}`;
    const token = await takeOnce(store, key, deps.instanceId, now);
    // Taken by another replica: done, or being done. Look again in an hour in case that one gives it back.
    if (!token) return { next: new Date(now.getTime() + HOUR_MS), posted: false };
    const recorded = (await store.values.listForContract(contract.reference)).some(
      (record) => record.periodKey === month,
    );
    if (recorded) return { next: nextWindow, posted: false };
    const posted = await postNotices(
      deps,
      places,
      {
        text: `Value check-in for ${contract.reference} (${contract.vendor.name}): what did it deliver in ${periodLabel(month)}? Record the planned and realized savings, cost avoidance or quality value for ${month} with /steward value ${contract.reference}.`,
        mention: contract.governance.owner ?? [],
      },
      { contractRef: contract.reference },
      report,
    );
    if (posted.length > 0) return { next: nextWindow, posted: true };
    await giveBack(store, key, token, now);
    // Nobody reached: tried again when the blocked person or channel may be reached (an hour for a deactivated
    // account, the backoff for a 429), or when the roles change (which makes the contract due at once).
    return { next: report.retryAt ?? new Date(now.getTime() + HOUR_MS), posted: false };
  }
}

/** A sentence when a month or quarter lies wholly outside the contract's term; null otherwise. */
function outsideTerm(
  periodKey: string,
  contract: Pick<Contract, 'reference' | 'startDate' | 'endDate'>,
): string | null {
  let first: string | undefined;
  let last: string | undefined;
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  if (month) {
    first = `${periodKey}-01`;
    last = addDays(addMonths(first, 1), -1);
  } else if (quarter) {
    first = `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
    last = addDays(addMonths(first, 3), -1);
  }
  if (!first || !last || (last >= contract.startDate && first <= contract.endDate)) return null;
  return `${periodLabel(periodKey)} is outside the term of ${contract.reference} (${contract.startDate} to ${contract.endDate}); record value for a period within it.`;
}

function entryOf(record: ValueRecordEntry): ValueEntry {
  return {
    periodKey: record.periodKey,
    kind: record.kind,
    planned: record.planned,
    realized: record.realized,
    currency: record.currency,
  };
}

function recordView(record: ValueRecordEntry): ValueRecordView {
  return {
    id: record.id,
    contractRef: record.contractRef,
    periodKey: record.periodKey,
    kind: record.kind,
    planned: record.planned,
    realized: record.realized,
    currency: record.currency,
    ...(record.note ? { note: record.note } : {}),
    recordedBy: record.recordedBy,
  };
}
