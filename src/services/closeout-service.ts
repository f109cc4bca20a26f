import { z } from 'zod';
import { samePerson } from '../domain/access-policy';
import { closeoutMilestones, type DueCloseoutStep, dueCloseoutStep, finalEvaluation } from '../domain/closeout';
import { assertTransition } from '../domain/contract-lifecycle';
import { StewardError } from '../domain/errors';
import { HOUR_MS, instantAtLocalTime, localDate, localDateTime } from '../domain/local-time';
import { type Contract, type ContractStatus, GOVERNANCE_ROLES, type IsoDate, type Person } from '../domain/types';
import { summarizeValue } from '../domain/value-realization';
import type { CloseoutOutcome, ContractRecord, LessonRecord } from '../store/records';
import { authorizeInternal, authorizeParticipant } from './access-checks';
import { authorize } from './authorization';
import type { ServiceDeps } from './deps';
import { lessonInput, optionalIsoDate, parseInput, text } from './inputs';
import { NextDueWriter } from './next-due';
import { giveBack, takeOnce } from './once';
import { internalPlaces, personName, postNotices } from './places';
import { DeliveryReport } from './reachability';
import type { Actor, CloseoutApi, FinalEvaluationView, LessonView } from './service-api';
import { formatMoney } from './service-credits-service';

/** Contracts that are still running, so a closeout can lead up to their end. */
const RUNNING_STATUSES: readonly ContractStatus[] = ['active', 'at-risk', 'in-remediation', 'closing'];
/** A next-due time for a contract with no step left: only a change to the contract brings it back. */
const NEVER = new Date('9999-12-31T00:00:00Z');
const LESSONS_SHOWN = 3;

const closeInput = z.object({
  note: text('Note', { min: 3, max: 2000 }),
  newEndDate: optionalIsoDate('New end date'),
});

const RECOMMENDATION_WORDS = {
  renew: 'renew',
  'renew-with-conditions': 'renew with conditions',
  'do-not-renew': 'do not renew',
} as const;

/**
 * Closeout: 60 and 30 days before a contract ends, and on its end date, its internal places get the
 * evaluation of the term and a request for lessons learned; the managers then close it or renew it.
 * Lessons are kept per vendor and category and shown when a new contract with either is set up.
 *
 * A renewal is a new term of the same contract: the end date moves, the contract keeps running (a
 * contract already closing returns to active, since its new term runs), and the closeout steps start
 * again, counted from the new end date.
 */
export class CloseoutService implements CloseoutApi {
  constructor(private readonly deps: ServiceDeps) {}

  async finalEvaluation(actor: Actor, reference: string): Promise<FinalEvaluationView> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'evaluations');
    return this.evaluate(contract);
  }

  async recordLesson(actor: Actor, reference: string, input: unknown): Promise<LessonView> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeParticipant(this.deps, actor, contract, 'record lessons learned');
    const parsed = parseInput(lessonInput, typeof input === 'string' ? { text: input } : input);
    const lesson = await store.lessons.add({
      contractRef: reference,
      vendorName: contract.vendor.name,
      category: parsed.category ?? contract.category,
      text: parsed.text,
      author: actor.person,
    });
    await store.audit.append({
      contractRef: reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'lesson.recorded',
      entityType: 'lesson',
      entityId: lesson.id,
      after: { text: lesson.text, category: lesson.category ?? null, vendorName: lesson.vendorName },
    });
    return lessonView(lesson);
  }

  async closeContract(
    actor: Actor,
    reference: string,
    outcome: 'closed' | 'renewed',
    input: unknown,
  ): Promise<Contract> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorize(this.deps, actor, contract, 'manage');
    if (outcome !== 'closed' && outcome !== 'renewed') {
      throw new StewardError('validation', 'Say whether the contract is closed or renewed.', {
        fieldErrors: { outcome: 'must be closed or renewed' },
      });
    }
    const parsed = parseInput(closeInput, typeof input === 'string' ? { note: input } : input);
    if (!RUNNING_STATUSES.includes(contract.status)) {
      throw new StewardError(
        'invalid_transition',
        contract.status === 'draft'
          ? `${reference} is a draft and never started; terminate it instead of closing it out.`
          : `${reference} is already ${contract.status}.`,
      );
    }
    const now = clock();
    const updated =
      outcome === 'closed'
        ? await this.close(actor, contract, parsed)
        : await this.renew(actor, contract, parsed, localDate(now, contract.timezone));
    const decided = await store.contracts.updateCloseout(reference, (current) => ({
      ...(current ?? { endDate: contract.endDate, steps: [] }),
      // A renewal starts the steps again for the new term.
      ...(outcome === 'renewed' ? { endDate: updated.endDate, steps: [], previousEndDate: contract.endDate } : {}),
      outcome: outcome as CloseoutOutcome,
      decidedAt: now,
      decidedBy: actor.person,
      note: parsed.note,
    }));
    await store.audit.append({
      contractRef: reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'contract.updated',
      entityType: 'closeout',
      entityId: reference,
      before: { status: contract.status, endDate: contract.endDate },
      after: { outcome, status: decided.status, endDate: decided.endDate, note: parsed.note },
    });
    await postNotices(
      this.deps,
      await internalPlaces(this.deps, decided),
      {
        text:
          outcome === 'closed'
            ? `${personName(actor.person)} closed out ${reference} (${contract.vendor.name}): ${parsed.note}`
            : `${personName(actor.person)} renewed ${reference} (${contract.vendor.name}) until ${decided.endDate}: ${parsed.note}`,
      },
      { contractRef: reference },
    );
    return decided;
  }

  async lessonsFor(actor: Actor, reference: string): Promise<LessonView[]> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'lessons learned');
    const [byVendor, byCategory] = await Promise.all([
      store.lessons.listForVendor(contract.vendor.name, { limit: 10 }),
      contract.category ? store.lessons.listForCategory(contract.category, { limit: 10 }) : Promise.resolve([]),
    ]);
    const seen = new Set<string>();
    return [...byVendor, ...byCategory]
      .filter((lesson) => lesson.contractRef !== reference && !seen.has(lesson.id) && seen.add(lesson.id))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, LESSONS_SHOWN)
      .map(lessonView);
  }

  /**
   * Posts each running contract's due closeout step, once per step and end date, at the prompt hour. Reads only
   * the contracts whose next step may be due (an indexed next-due time) and puts each aside until its next step.
   */
  async runScheduled(now: Date): Promise<{ posted: number; nextRunAt: Date | null }> {
    const { store, logger } = this.deps;
    const contracts = await store.contracts.dueFor('closeout', now, RUNNING_STATUSES);
    const nextDue = new NextDueWriter(store, 'closeout');
    let posted = 0;
    for (const contract of contracts) {
      try {
        const result = await this.closeoutStep(contract, now);
        if (result.posted) posted += 1;
        await nextDue.add(contract, result.next);
      } catch (error) {
        logger.error({ err: error, contractRef: contract.reference }, 'could not post a closeout step');
      }
    }
    await nextDue.flush();
    return { posted, nextRunAt: await store.contracts.earliestDue('closeout', RUNNING_STATUSES) };
  }

  private async closeoutStep(contract: ContractRecord, now: Date): Promise<{ posted: boolean; next: Date }> {
    const { store, settings } = this.deps;
    const local = localDateTime(now, contract.timezone);
    const done = new Set(
      contract.closeout?.endDate === contract.endDate ? (contract.closeout.steps as DueCloseoutStep['step'][]) : [],
    );
    // The next step's day at the prompt hour; after the last step there is nothing until the contract changes.
    const nextStepAt = (after: IsoDate) => {
      const upcoming = closeoutMilestones(contract.endDate, contract.timezone).find(
        (milestone) => !done.has(milestone.step) && milestone.date > after,
      );
      return upcoming ? instantAtLocalTime(upcoming.date, settings.promptHour, 0, contract.timezone) : NEVER;
    };
    if (local.hour < settings.promptHour) {
      return { posted: false, next: instantAtLocalTime(local.date, settings.promptHour, 0, contract.timezone) };
    }
    const step = dueCloseoutStep(contract, now, done);
    if (!step) return { posted: false, next: nextStepAt(local.date) };
    const key = `closeout:${contract.reference}:${contract.endDate}:${step.step}`;
    const token = await takeOnce(store, key, this.deps.instanceId, now);
    if (!token) return { posted: false, next: new Date(now.getTime() + HOUR_MS) };
    const report = new DeliveryReport(contract);
    try {
      const evaluation = await this.evaluate(contract);
      const sent = await postNotices(
        this.deps,
        await internalPlaces(this.deps, contract, undefined, report),
        { text: closeoutText(contract, step, evaluation), mention: governancePeople(contract) },
        { contractRef: contract.reference },
        report,
      );
      if (sent.length === 0) {
        await giveBack(store, key, token, now);
        return { posted: false, next: report.retryAt ?? new Date(now.getTime() + HOUR_MS) };
      }
      await store.contracts.updateCloseout(contract.reference, (current) => {
        const sameTerm = current?.endDate === contract.endDate;
        return {
          ...(current ?? {}),
          endDate: contract.endDate,
          steps: [...new Set([...(sameTerm ? current.steps : []), step.step])],
        };
      });
      await store.audit.append({
        contractRef: contract.reference,
        actor: { name: 'Steward' },
        surface: 'system',
        action: 'contract.updated',
        entityType: 'closeout',
        entityId: contract.reference,
        after: {
          step: step.step,
          endDate: contract.endDate,
          termScore: evaluation.termScore,
          recommendation: evaluation.recommendation,
        },
      });
      done.add(step.step);
      // A later step already due (a contract caught up late) goes out on the next tick.
      return { posted: true, next: dueCloseoutStep(contract, now, done) ? now : nextStepAt(local.date) };
    } catch (error) {
      await giveBack(store, key, token, now);
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private async close(actor: Actor, contract: ContractRecord, parsed: z.output<typeof closeInput>) {
    if (parsed.newEndDate) {
      throw new StewardError(
        'validation',
        'A new end date belongs to a renewal; to close the contract, leave it out.',
        {
          fieldErrors: { newEndDate: 'leave empty when closing' },
        },
      );
    }
    // The lifecycle leads to closed through closing; an at-risk contract has to be dealt with first.
    const path: ContractStatus[] = contract.status === 'closing' ? ['closed'] : ['closing', 'closed'];
    let from = contract.status;
    for (const to of path) {
      try {
        assertTransition(from, to);
      } catch (error) {
        if (contract.status === 'at-risk') {
          throw new StewardError(
            'invalid_transition',
            `${contract.reference} is at risk, with a performance problem still open. Move it to in-remediation (or back to active once the problem is solved) before closing it out, or terminate it.`,
          );
        }
        throw error;
      }
      from = to;
    }
    let current = contract;
    for (const to of path) {
      const before = current.status;
      current = await this.deps.store.contracts.setStatus(contract.reference, before, to);
      await this.auditStatus(actor, contract.reference, before, to, parsed.note);
    }
    return current;
  }

  private async renew(
    actor: Actor,
    contract: ContractRecord,
    parsed: z.output<typeof closeInput>,
    today: string,
  ): Promise<ContractRecord> {
    const { store } = this.deps;
    const newEndDate = parsed.newEndDate;
    const problems: Record<string, string> = {};
    if (!newEndDate) problems.newEndDate = 'Give the new end date of the renewed term, written YYYY-MM-DD.';
    else if (newEndDate <= contract.endDate) {
      problems.newEndDate = `The new end date must be after the current one (${contract.endDate}).`;
    } else if (newEndDate <= today) problems.newEndDate = `The new end date must be after today (${today}).`;
    const messages = Object.values(problems);
    if (messages.length > 0) throw new StewardError('validation', messages.join(' '), { fieldErrors: problems });

    let updated = await store.contracts.update(
      contract.reference,
      { endDate: newEndDate },
      { expectedRevision: contract.revision },
    );
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'contract.updated',
      entityType: 'contract',
      entityId: contract.reference,
      before: { endDate: contract.endDate },
      after: { endDate: newEndDate, reason: 'renewed' },
    });
    if (contract.status === 'closing') {
      // A renewal is a new term, not a step of the lifecycle's wind-down: the contract runs again.
      updated = await store.contracts.setStatus(contract.reference, 'closing', 'active');
      await this.auditStatus(actor, contract.reference, 'closing', 'active', `renewed: ${parsed.note}`);
    }
    return updated;
  }

  private async auditStatus(actor: Actor, reference: string, from: ContractStatus, to: ContractStatus, reason: string) {
    await this.deps.store.audit.append({
      contractRef: reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'contract.status-changed',
      entityType: 'contract',
      entityId: reference,
      before: { status: from },
      after: { status: to, reason },
    });
  }

  /** The evaluation over every score, obligation, escalation and value record of the contract. */
  private async evaluate(contract: ContractRecord): Promise<FinalEvaluationView> {
    const { store } = this.deps;
    const reference = contract.reference;
    const [kpis, versions, scores, obligations, escalations, values] = await Promise.all([
      store.kpis.listForContract(reference),
      store.kpis.versionsForContract(reference),
      store.scores.forContracts([reference], new Date(0)),
      store.obligations.listForContract(reference),
      store.escalations.listForContract(reference),
      store.values.listForContract(reference),
    ]);
    const evaluation = finalEvaluation({
      kpis: versions.length > 0 ? versions : kpis,
      scores,
      obligations,
      escalations: escalations.length,
      value: summarizeValue(values),
    });
    return {
      ...evaluation,
      contractRef: reference,
      contractTitle: contract.title,
      startDate: contract.startDate,
      endDate: contract.endDate,
    };
  }
}

function governancePeople(contract: Pick<Contract, 'governance'>): Person[] {
  const people: Person[] = [];
  for (const role of GOVERNANCE_ROLES) {
    for (const person of contract.governance[role] ?? []) {
      if (!people.some((known) => samePerson(known, person))) people.push(person);
    }
  }
  return people;
}

function lessonView(lesson: LessonRecord): LessonView {
  return {
    contractRef: lesson.contractRef,
    vendorName: lesson.vendorName,
    ...(lesson.category ? { category: lesson.category } : {}),
    text: lesson.text,
    author: lesson.author,
    createdAt: lesson.createdAt,
  };
}

/** The step's message: what to decide now, the evaluation so far, and the request for lessons. */
export function closeoutText(contract: ContractRecord, step: DueCloseoutStep, evaluation: FinalEvaluationView): string {
  const ref = contract.reference;
  const late = step.daysLate > 0 ? ` (this step was due on ${step.date})` : '';
  const lines: string[] = [];
  if (step.step === 't-60') {
    lines.push(
      `Closeout of ${ref} (${contract.vendor.name}) begins: it ends on ${contract.endDate}, in 60 days${late}. Decide now whether to renew, re-tender or let it end.`,
    );
  } else if (step.step === 't-30') {
    lines.push(
      `${ref} (${contract.vendor.name}) ends in 30 days, on ${contract.endDate}${late}. Arrange the handover, or the extension if it is renewed.`,
    );
  } else {
    lines.push(
      `${ref} (${contract.vendor.name}) ends today, ${contract.endDate}${late}. Final evaluation of the whole term:`,
    );
  }
  lines.push(evaluationLine(evaluation));
  for (const reason of evaluation.reasons) lines.push(`• ${reason}`);
  const obligations = evaluation.obligations;
  if (obligations.total > 0) {
    lines.push(
      `Obligations: ${obligations.onTime} on time, ${obligations.late} late, ${obligations.notFulfilled} not fulfilled, ${obligations.waived} waived, ${obligations.open} open.`,
    );
  }
  lines.push(`Escalations over the term: ${evaluation.escalations}.`);
  for (const total of evaluation.value.totals) {
    const ratio = total.ratio === null ? '' : ` (${Math.round(total.ratio * 100)}%)`;
    lines.push(
      `Value, ${total.kind}: ${formatMoney({ amount: total.realized, currency: total.currency })} realized of ${formatMoney({ amount: total.planned, currency: total.currency })} planned${ratio}.`,
    );
  }
  lines.push(
    `Lessons learned: everyone who worked on ${ref}, please record what went well and what did not with /steward lesson ${ref} <lesson>. They are shown when the next contract with ${contract.vendor.name}${contract.category ? ` or in ${contract.category}` : ''} is set up.`,
  );
  if (step.step === 't-0') {
    lines.push(
      `Then close it out with /steward close ${ref} closed, or /steward close ${ref} renewed with the new end date.`,
    );
  }
  return lines.join('\n');
}

function evaluationLine(evaluation: FinalEvaluationView): string {
  const recommendation = RECOMMENDATION_WORDS[evaluation.recommendation];
  if (evaluation.termScore === null) return `Nothing was scored over the term; recommendation: ${recommendation}.`;
  return `Term score ${Math.round(evaluation.termScore)} of 100 (${evaluation.termRag}); recommendation: ${recommendation}.`;
}
