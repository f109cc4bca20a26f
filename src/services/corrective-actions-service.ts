import { isManager, samePerson } from '../domain/access-policy';
import { StewardError } from '../domain/errors';
import { addDays, localDate } from '../domain/local-time';
import type { CorrectiveActionStatus } from '../domain/types';
import { UNFINISHED_ACTION_STATUSES } from '../store/corrective-actions';
import { CORRECTIVE_ACTION_TRANSITIONS, type ContractRecord, type CorrectiveActionRecord } from '../store/records';
import { authorizeInternal } from './access-checks';
import { authorize, recordRefusal } from './authorization';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import { nameOf, postedMessageOf } from './escalations-service';
import { correctiveActionInput, correctiveActionUpdateInput, parseInput } from './inputs';
import { takeOnce } from './once';
import { withName } from './people';
import { postNotices } from './places';
import type { Actor, CorrectiveActionsApi, CorrectiveActionView } from './service-api';

/** What each step of the lifecycle is called in messages. */
const STEP_WORDS: Record<CorrectiveActionStatus, string> = {
  planned: 'planned',
  approved: 'approved',
  'in-progress': 'started work on',
  verified: 'verified',
  closed: 'closed',
  cancelled: 'cancelled',
};

/**
 * Corrective actions: a deviation (an escalation, an obligation not fulfilled) gets a plan, a manager
 * approves it, its owner carries it out, a manager verifies that it worked and closes it. Every step is
 * audited and told in the escalation's thread. Actions are reminded the day before they fall due, and
 * an action still unfinished after its due date escalates like a breach.
 */
export class CorrectiveActionsService implements CorrectiveActionsApi {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly escalations: EscalationsService,
  ) {}

  async followUp(now: Date): Promise<{ reminded: number; escalated: number }> {
    const { store, instanceId, logger } = this.deps;
    const today = localDate(now, 'UTC');
    let reminded = 0;
    let escalated = 0;
    // Everything unfinished that is due by tomorrow: tomorrow's and today's get a reminder, older ones escalate.
    const dueSoon = await store.correctiveActions.listOverdue(addDays(today, 2));
    for (const action of dueSoon) {
      try {
        const contract = await store.contracts.get(action.contractRef);
        if (!contract) continue;
        const localToday = localDate(now, contract.timezone);
        if (action.dueDate < localToday) {
          const escalation = await this.escalations.open({
            contract,
            trigger: 'overdue-action',
            sourceKey: `overdue-action:${action.id}`,
            summary: `The corrective action “${action.action}” was due on ${action.dueDate} and is still ${action.status}.`,
            facts: [
              { label: 'Action', value: action.action },
              { label: 'Owner', value: action.owner.name ?? action.owner.email ?? 'unnamed' },
              { label: 'Due', value: action.dueDate },
              { label: 'Status', value: action.status },
            ],
            correctiveActionId: action.id,
          });
          if (escalation.createdAt.getTime() >= now.getTime() - 60_000) escalated += 1;
          continue;
        }
        if (!(await takeOnce(store, `action-reminder:${action.id}:${action.dueDate}`, instanceId, now))) continue;
        const source = action.escalationId ? await store.escalations.get(action.escalationId) : null;
        for (const thread of source?.threads ?? []) {
          const surface = this.deps.surfaces.get(thread.surface);
          if (!surface) continue;
          await surface.postNotice(
            {
              surface: thread.surface,
              channelId: thread.channelId,
              serviceUrl: thread.serviceUrl,
              threadId: postedMessageOf(thread).messageId,
              purpose: 'internal',
            },
            {
              text: `Reminder: the corrective action “${action.action}” is due on ${action.dueDate}.`,
              mention: [action.owner],
            },
          );
        }
        reminded += 1;
      } catch (error) {
        logger.error({ err: error, actionId: action.id }, 'corrective action follow-up failed');
      }
    }
    return { reminded, escalated };
  }

  // ---------------------------------------------------------------------------------------------
  // The lifecycle

  async list(actor: Actor, reference: string, filter: { open?: boolean } = {}): Promise<CorrectiveActionView[]> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'corrective actions');
    const actions = await store.correctiveActions.listForContract(
      reference,
      filter.open ? { status: [...UNFINISHED_ACTION_STATUSES, 'verified'] } : undefined,
    );
    // Owners stored before they were named are named as they are shown.
    return Promise.all(
      actions.map(async (action) => actionView({ ...action, owner: await withName(this.deps.surfaces, action.owner) })),
    );
  }

  async planForObligation(actor: Actor, obligationId: string, input: unknown): Promise<CorrectiveActionView> {
    const { store, clock } = this.deps;
    const obligation = await store.obligations.get(String(obligationId));
    if (!obligation) throw new StewardError('not_found', 'That obligation no longer exists.');
    const contract = await store.contracts.require(obligation.contractRef);
    await authorize(this.deps, actor, contract, 'add-corrective-action');
    const typed = parseInput(correctiveActionInput, input);
    const parsed = { ...typed, owner: await withName(this.deps.surfaces, typed.owner, this.deps.logger) };
    const today = localDate(clock(), contract.timezone);
    const overdue = obligation.outcome === 'open' && obligation.dueDate < today;
    if (obligation.outcome !== 'not-fulfilled' && !overdue) {
      throw new StewardError(
        'validation',
        `“${obligation.title}” is ${obligation.outcome === 'open' ? `open and due on ${obligation.dueDate}` : obligation.outcome}; a corrective action is planned for an obligation that was not fulfilled or is overdue.`,
      );
    }
    if (parsed.dueDate < today) {
      throw new StewardError(
        'validation',
        `The due date ${parsed.dueDate} has passed; choose today (${today}) or later.`,
        {
          fieldErrors: { dueDate: `Choose today (${today}) or a later date.` },
        },
      );
    }
    const escalation = await store.escalations.findBySource(`overdue-obligation:${obligation.id}`);
    const action = await store.correctiveActions.create({
      contractRef: contract.reference,
      action: parsed.action,
      owner: parsed.owner,
      dueDate: parsed.dueDate,
      obligationId: obligation.id,
      ...(escalation ? { escalationId: escalation.id } : {}),
      createdBy: actor.person,
    });
    await store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'corrective-action.created',
      entityType: 'corrective-action',
      entityId: action.id,
      after: {
        action: action.action,
        owner: action.owner,
        dueDate: action.dueDate,
        obligationId: obligation.id,
        escalationId: escalation?.id ?? null,
      },
    });
    await this.tell(
      contract,
      action,
      `${nameOf(actor.person)} planned a corrective action for “${obligation.title}”: ${action.action} (owner ${nameOf(action.owner)}, due ${action.dueDate}). It needs a manager's approval.`,
    );
    return actionView(action);
  }

  async update(actor: Actor, actionId: string, input: unknown): Promise<CorrectiveActionView> {
    const { store, clock } = this.deps;
    const current = await store.correctiveActions.get(String(actionId));
    if (!current) throw new StewardError('not_found', 'That corrective action no longer exists.');
    const contract = await store.contracts.require(current.contractRef);
    const parsed = parseInput(correctiveActionUpdateInput, input);
    const edits = { action: parsed.action, owner: parsed.owner, dueDate: parsed.dueDate };
    const editing = Object.values(edits).some((value) => value !== undefined);
    if (!parsed.status && !editing) {
      throw new StewardError('validation', 'Say what to change: a new status, or the action, owner or due date.');
    }
    // Check everything before writing anything.
    if (editing) await authorize(this.deps, actor, contract, 'manage');
    if (parsed.status) await this.authorizeStep(actor, contract, current, parsed.status);
    if (parsed.status && !CORRECTIVE_ACTION_TRANSITIONS[current.status].includes(parsed.status)) {
      const next = CORRECTIVE_ACTION_TRANSITIONS[current.status];
      throw new StewardError(
        'invalid_transition',
        next.length === 0
          ? `This corrective action is ${current.status}; it can no longer change.`
          : `A corrective action that is ${current.status} can move to ${next.join(' or ')}, not ${parsed.status}.`,
      );
    }
    const today = localDate(clock(), contract.timezone);
    if (parsed.dueDate && parsed.dueDate < today) {
      throw new StewardError(
        'validation',
        `The due date ${parsed.dueDate} has passed; choose today (${today}) or later.`,
        {
          fieldErrors: { dueDate: `Choose today (${today}) or a later date.` },
        },
      );
    }
    if (parsed.status === 'cancelled' && !parsed.note) {
      throw new StewardError('validation', 'Say why the corrective action is cancelled in the note.', {
        fieldErrors: { note: 'is required when cancelling' },
      });
    }

    let updated = current;
    if (editing) {
      updated = await store.correctiveActions.update(current.id, edits);
      await this.audit(actor, contract, updated, pick(current, edits), pick(updated, edits));
    }
    if (parsed.status) {
      updated = await store.correctiveActions.transition(current.id, parsed.status, actor.person, {
        at: clock(),
        note: parsed.note,
      });
      await this.audit(
        actor,
        contract,
        updated,
        { status: current.status },
        { status: updated.status, note: parsed.note ?? null },
      );
      await this.tell(
        contract,
        updated,
        `${nameOf(actor.person)} ${STEP_WORDS[updated.status]} the corrective action “${updated.action}”${parsed.note ? `: ${parsed.note}` : '.'}`,
      );
    }
    return actionView(updated);
  }

  /**
   * Approving, verifying, closing and cancelling are a manager's decisions; starting the work is
   * also its owner's. A vendor (who may own an action) can start it but decide nothing.
   */
  private async authorizeStep(
    actor: Actor,
    contract: ContractRecord,
    action: CorrectiveActionRecord,
    to: CorrectiveActionStatus,
  ): Promise<void> {
    if (to === 'in-progress' && samePerson(action.owner, actor.person)) return;
    if (!actor.external && isManager(contract, actor.person)) return;
    await recordRefusal(this.deps, actor, `corrective-action:${to}`, contract.reference);
    throw new StewardError(
      'forbidden',
      to === 'in-progress'
        ? `Only the action's owner (${nameOf(action.owner)}) or ${contract.reference}'s governance roles can start work on it.`
        : `Only ${contract.reference}'s owner or governance roles can move a corrective action to ${to}.`,
    );
  }

  /** A line in the escalation's thread, or in the internal channels when the action has no escalation. */
  private async tell(contract: ContractRecord, action: CorrectiveActionRecord, text: string): Promise<void> {
    const escalation = action.escalationId ? await this.deps.store.escalations.get(action.escalationId) : null;
    const threads = escalation?.threads ?? [];
    const destinations =
      threads.length > 0
        ? threads.map((thread) => ({
            surface: thread.surface,
            channelId: thread.channelId,
            serviceUrl: thread.serviceUrl,
            threadId: postedMessageOf(thread).messageId,
            purpose: 'internal' as const,
          }))
        : contract.channels
            .filter((channel) => channel.purpose === 'internal')
            .map((channel) => ({
              surface: channel.surface,
              channelId: channel.channelId,
              serviceUrl: channel.serviceUrl,
              purpose: 'internal' as const,
            }));
    await postNotices(this.deps, destinations, { text, mention: [action.owner] }, { actionId: action.id });
  }

  private async audit(
    actor: Actor,
    contract: ContractRecord,
    action: CorrectiveActionRecord,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.deps.store.audit.append({
      contractRef: contract.reference,
      actor: actor.person,
      surface: actor.surface,
      action: 'corrective-action.updated',
      entityType: 'corrective-action',
      entityId: action.id,
      before,
      after,
    });
  }
}

export function actionView(action: CorrectiveActionRecord): CorrectiveActionView {
  return {
    id: action.id,
    contractRef: action.contractRef,
    action: action.action,
    owner: action.owner,
    dueDate: action.dueDate,
    status: action.status,
    ...(action.escalationId ? { escalationId: action.escalationId } : {}),
    ...(action.obligationId ? { obligationId: action.obligationId } : {}),
    ...(action.kpiKey ? { kpiKey: action.kpiKey } : {}),
    history: action.history,
    nextSteps: [...CORRECTIVE_ACTION_TRANSITIONS[action.status]],
  };
}

function pick(action: CorrectiveActionRecord, fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(fields)
      .filter((key) => fields[key] !== undefined)
      .map((key) => [key, action[key as keyof CorrectiveActionRecord]]),
  );
}
