import { addDays, localDate } from '../domain/local-time';
import type { ServiceDeps } from './deps';
import type { EscalationsService } from './escalations-service';
import { postedMessageOf } from './escalations-service';
import { takeOnce } from './once';

/**
 * Corrective actions are reminded the day before they fall due, and an action still unfinished
 * after its due date escalates like a breach.
 */
export class CorrectiveActionsService {
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
}
