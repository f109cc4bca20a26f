import { z } from 'zod';
import { samePerson } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { addDays, addMonths, localDate, localDateTime } from '../domain/local-time';
import type { Contract, ContractStatus, IsoDate, ObligationOutcome } from '../domain/types';
import type { ContractRecord, ObligationRecord, Recurrence } from '../store/records';
import { authorizeVendorStep } from './access-checks';
import { authorize, needsVendorView } from './authorization';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import { obligationInput, obligationOutcomeInput, optionalText, parseInput, urlField } from './inputs';
import { giveBack, takeOnce } from './once';
import { withName } from './people';
import { personName, placesFor, postNotices } from './places';
import type { Actor, ObligationsApi, ObligationView } from './service-api';

/** Contracts whose obligations are followed up. */
const FOLLOWED_STATUSES: readonly ContractStatus[] = ['active', 'at-risk', 'in-remediation', 'closing'];

const MONTHS_PER: Record<Exclude<Recurrence, 'none'>, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export const evidenceInput = z
  .object({
    url: urlField('Evidence link'),
    note: optionalText('Note', { max: 1000 }),
  })
  .refine((value) => Boolean(value.url || value.note), {
    error: 'Add a link to the evidence (starting with https://) or a note saying what was delivered.',
    path: ['url'],
  });

export interface ObligationsOptions {
  /** How many days before the due date the owner is reminded. */
  reminderDays?: number;
}

/**
 * Obligations: what a party owes by a date (a report, an insurance certificate, an audit), once or
 * recurring. Owners are reminded before the due date, an obligation still open after it escalates
 * like a breach, and closing an occurrence of a recurring one creates the next.
 */
export class ObligationsService implements ObligationsApi {
  private readonly reminderDays: number;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly escalations: EscalationsService,
    options: ObligationsOptions = {},
  ) {
    this.reminderDays = options.reminderDays ?? 7;
  }

  async create(actor: Actor, reference: string, input: unknown): Promise<ObligationView> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    const typed = parseInput(obligationInput, input);
    const parsed = { ...typed, owner: await withName(this.deps.surfaces, typed.owner, this.deps.logger) };
    const today = localDate(clock(), contract.timezone);
    const problems: Record<string, string> = {};
    if (parsed.dueDate < today)
      problems.dueDate = `Due date ${parsed.dueDate} has passed; choose today (${today}) or later.`;
    else if (parsed.dueDate > contract.endDate) {
      problems.dueDate = `Due date ${parsed.dueDate} is after ${reference} ends (${contract.endDate}); choose a date within the term.`;
    }
    throwIfAny(problems);
    const obligation = await store.obligations.create({
      contractRef: reference,
      kind: parsed.kind,
      title: parsed.title,
      description: parsed.description,
      owner: parsed.owner,
      dueDate: parsed.dueDate,
      recurrence: parsed.recurrence,
      createdBy: actor.person,
    });
    await this.audit(actor, reference, 'obligation.created', obligation.id, undefined, snapshot(obligation));
    return viewOf(obligation, contract, clock());
  }

  async list(actor: Actor, reference: string, filter: { open?: boolean } = {}): Promise<ObligationView[]> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    const vendorView = needsVendorView(actor, contract);
    await authorize(this.deps, actor, contract, vendorView ? 'view-vendor' : 'view-internal');
    const obligations = await store.obligations.listForContract(
      reference,
      filter.open ? { outcome: ['open'] } : undefined,
    );
    const now = clock();
    const shown = obligations.filter((obligation) => !vendorView || isVendorContact(contract, obligation));
    // Owners stored before they were named (an import, an older record) are named as they are shown.
    return Promise.all(
      shown.map(async (obligation) =>
        viewOf({ ...obligation, owner: await withName(this.deps.surfaces, obligation.owner) }, contract, now),
      ),
    );
  }

  async addEvidence(actor: Actor, obligationId: string, input: unknown): Promise<ObligationView> {
    const { store, clock } = this.deps;
    const { obligation, contract } = await this.load(obligationId);
    await this.authorizeEvidence(actor, contract, obligation);
    const parsed = parseInput(evidenceInput, input);
    const updated = await store.obligations.addEvidence(obligation.id, {
      url: parsed.url,
      note: parsed.note,
      by: actor.person,
      at: clock(),
    });
    await this.audit(
      actor,
      contract.reference,
      'obligation.updated',
      obligation.id,
      { evidence: obligation.evidence.length },
      { evidence: updated.evidence.length, added: { url: parsed.url ?? null, note: parsed.note ?? null } },
    );
    return viewOf(updated, contract, clock());
  }

  async setOutcome(
    actor: Actor,
    obligationId: string,
    input: unknown,
  ): Promise<{ obligation: ObligationView; next: ObligationView | null }> {
    const { store, clock } = this.deps;
    const { obligation, contract } = await this.load(obligationId);
    await authorize(this.deps, actor, contract, 'manage');
    const now = clock();
    const today = localDate(now, contract.timezone);
    const parsed = parseInput(obligationOutcomeInput, withFulfilledComputed(input, obligation.dueDate, today));
    if (obligation.outcome !== 'open') {
      throw new StewardError(
        'conflict',
        `“${obligation.title}” is already closed as ${obligation.outcome}; its outcome cannot change.`,
      );
    }
    const outcome: Exclude<ObligationOutcome, 'open'> = parsed.outcome;
    let closed = await store.obligations.setOutcome(obligation.id, {
      outcome,
      by: actor.person,
      at: now,
      waivedReason: parsed.waivedReason,
    });
    if (parsed.evidenceUrl || parsed.note) {
      closed = await store.obligations.addEvidence(obligation.id, {
        url: parsed.evidenceUrl,
        note: parsed.note,
        by: actor.person,
        at: now,
      });
    }
    await this.audit(
      actor,
      contract.reference,
      'obligation.updated',
      obligation.id,
      { outcome: obligation.outcome },
      {
        outcome,
        waivedReason: parsed.waivedReason ?? null,
        evidenceUrl: parsed.evidenceUrl ?? null,
        note: parsed.note ?? null,
      },
    );
    const next = await this.createNextOccurrence(closed, contract, actor);
    return { obligation: viewOf(closed, contract, now), next: next ? viewOf(next, contract, now) : null };
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduled

  /** Reminders before the due date and escalations after it; safe on every replica. */
  async runScheduled(now: Date): Promise<{ reminded: number; escalated: number }> {
    const { store, logger, settings } = this.deps;
    let reminded = 0;
    let escalated = 0;
    // A day of slack either side of UTC covers every timezone; each contract's own day decides below.
    const horizon = addDays(localDate(now, 'UTC'), this.reminderDays + 1);
    const open = await store.obligations.listOpenDueBy(horizon);
    const contracts = new Map<string, ContractRecord | null>();
    for (const obligation of open) {
      try {
        if (!contracts.has(obligation.contractRef)) {
          contracts.set(obligation.contractRef, await store.contracts.get(obligation.contractRef));
        }
        const contract = contracts.get(obligation.contractRef);
        if (!contract || !FOLLOWED_STATUSES.includes(contract.status)) continue;
        const local = localDateTime(now, contract.timezone);
        if (obligation.dueDate < local.date) {
          if (await this.escalateOverdue(obligation, contract, now)) escalated += 1;
          continue;
        }
        // Reminders go out in working hours, once per occurrence and due date.
        if (local.hour < settings.promptHour || obligation.dueDate > addDays(local.date, this.reminderDays)) continue;
        if (await this.remind(obligation, contract, local.date, now)) reminded += 1;
      } catch (error) {
        logger.error({ err: error, obligationId: obligation.id }, 'obligation follow-up failed');
      }
    }
    return { reminded, escalated };
  }

  private async remind(obligation: ObligationRecord, contract: ContractRecord, today: IsoDate, now: Date) {
    const { store } = this.deps;
    const key = `obligation-reminder:${obligation.id}:${obligation.dueDate}`;
    const token = await takeOnce(store, key, this.deps.instanceId, now);
    if (!token) return false;
    const days = Math.round((Date.parse(obligation.dueDate) - Date.parse(today)) / 86_400_000);
    const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days, on ${obligation.dueDate}`;
    const posted = await postNotices(
      this.deps,
      await placesFor(this.deps, contract, obligation.owner),
      {
        text: `Reminder: “${obligation.title}” (${obligation.kind}) for ${contract.reference} is due ${when}. When it is done, add the evidence to the obligation.`,
        mention: [obligation.owner],
      },
      { obligationId: obligation.id },
    );
    if (posted.length === 0) {
      // Nobody could be told: let a later tick try again.
      await giveBack(store, key, token, now);
      return false;
    }
    await store.obligations.markReminded(obligation.id, now);
    return true;
  }

  private async escalateOverdue(obligation: ObligationRecord, contract: ContractRecord, now: Date) {
    const existing = await this.deps.store.escalations.findBySource(`overdue-obligation:${obligation.id}`);
    if (existing) return false;
    const escalation = await this.escalations.open({
      contract,
      trigger: 'overdue-obligation',
      sourceKey: `overdue-obligation:${obligation.id}`,
      summary: `The obligation “${obligation.title}” was due on ${obligation.dueDate} and is not fulfilled.`,
      facts: [
        { label: 'Obligation', value: obligation.title },
        { label: 'Kind', value: obligation.kind },
        { label: 'Owner', value: personName(obligation.owner) },
        { label: 'Due', value: obligation.dueDate },
        { label: 'Evidence', value: obligation.evidence.length > 0 ? `${obligation.evidence.length} item(s)` : 'none' },
      ],
      obligationId: obligation.id,
    });
    return escalation.createdAt.getTime() >= now.getTime() - 60_000;
  }

  // ---------------------------------------------------------------------------------------------

  /** The next occurrence of a recurring obligation, counted from the series' first due date so it never drifts. */
  private async createNextOccurrence(
    closed: ObligationRecord,
    contract: ContractRecord,
    actor: Actor,
  ): Promise<ObligationRecord | null> {
    if (closed.recurrence === 'none') return null;
    const { store } = this.deps;
    const first = closed.seriesId === closed.id ? closed : await store.obligations.get(closed.seriesId);
    const anchor = first?.dueDate ?? closed.dueDate;
    const step = MONTHS_PER[closed.recurrence];
    let dueDate = anchor;
    // 31 January monthly gives 28 February, then 31 March: each date is counted from the anchor.
    for (let n = 1; dueDate <= closed.dueDate; n += 1) dueDate = addMonths(anchor, n * step);
    if (dueDate > contract.endDate) return null;
    const { obligation, created } = await store.obligations.createNextOccurrence(closed.id, dueDate);
    if (created) {
      await this.audit(actor, contract.reference, 'obligation.created', obligation.id, undefined, {
        ...snapshot(obligation),
        previousOccurrence: closed.id,
      });
    }
    return obligation;
  }

  private async authorizeEvidence(actor: Actor, contract: ContractRecord, obligation: ObligationRecord) {
    // The obligation's own owner may document it, whoever they are; otherwise the vendor or a manager.
    if (!actor.external && samePerson(obligation.owner, actor.person)) return;
    await authorizeVendorStep(this.deps, actor, contract, 'add evidence to obligations', { managersToo: true });
  }

  private async load(obligationId: string) {
    const { store } = this.deps;
    const obligation = await store.obligations.get(String(obligationId));
    if (!obligation) {
      throw new StewardError(
        'not_found',
        'That obligation no longer exists; list the contract’s obligations to pick another.',
      );
    }
    const contract = await store.contracts.require(obligation.contractRef);
    return { obligation, contract };
  }

  private async audit(
    actor: Actor,
    contractRef: string,
    action: 'obligation.created' | 'obligation.updated',
    entityId: string,
    before: unknown,
    after: unknown,
  ) {
    await this.deps.store.audit.append({
      contractRef,
      actor: actor.person,
      surface: actor.surface,
      action,
      entityType: 'obligation',
      entityId,
      before,
      after,
    });
  }
}

/**
 * "Fulfilled" is judged by the calendar, not by what the person picked: on time up to the due date
 * in the contract's timezone, late after it. "fulfilled" (or either fulfilled outcome) is replaced by
 * the outcome the dates give before parsing, so the schema's choice list still judges everything else.
 */
function withFulfilledComputed(input: unknown, dueDate: IsoDate, today: IsoDate): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const outcome = (input as { outcome?: unknown }).outcome;
  if (typeof outcome !== 'string' || !outcome.trim().toLowerCase().startsWith('fulfilled')) return input;
  return { ...input, outcome: today <= dueDate ? 'fulfilled-on-time' : 'fulfilled-late' };
}

function isVendorContact(contract: Pick<Contract, 'vendor'>, obligation: ObligationRecord): boolean {
  return contract.vendor.contacts.some((contact) => samePerson(contact, obligation.owner));
}

export function viewOf(obligation: ObligationRecord, contract: Pick<Contract, 'timezone'>, now: Date): ObligationView {
  return {
    id: obligation.id,
    contractRef: obligation.contractRef,
    kind: obligation.kind,
    title: obligation.title,
    ...(obligation.description ? { description: obligation.description } : {}),
    owner: obligation.owner,
    dueDate: obligation.dueDate,
    recurrence: obligation.recurrence,
    outcome: obligation.outcome,
    overdue: obligation.outcome === 'open' && obligation.dueDate < localDate(now, contract.timezone),
    evidence: obligation.evidence,
    ...(obligation.outcomeBy ? { outcomeBy: obligation.outcomeBy } : {}),
    ...(obligation.fulfilledAt ? { fulfilledAt: obligation.fulfilledAt } : {}),
    ...(obligation.waivedBy ? { waivedBy: obligation.waivedBy } : {}),
    ...(obligation.waivedReason ? { waivedReason: obligation.waivedReason } : {}),
  };
}

function snapshot(obligation: ObligationRecord) {
  const { id: _id, createdAt: _c, updatedAt: _u, evidence: _e, ...rest } = obligation;
  return rest;
}

function throwIfAny(problems: Record<string, string>): void {
  const messages = Object.values(problems);
  if (messages.length === 0) return;
  throw new StewardError('validation', messages.join(' '), { fieldErrors: problems });
}
