import { resolveEscalationModal } from '../../blocks/escalation';
import type { SlackDeps } from '../../deps';
import { messageRefOf } from '../../message-updates';
import { type ButtonArgs, buttonValue } from './button-args';

/** "Resolve": asks for the resolution note. */
export function escalationResolve(_deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const escalationId = buttonValue(action);
    const message = messageRefOf(body);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: resolveEscalationModal({ subject: escalationId, ...(message ? { message } : {}) }),
    });
  };
}
