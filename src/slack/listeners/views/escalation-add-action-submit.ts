import { CORRECTIVE_ACTION_FORM, correctiveActionInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { RedrawnMessages, updateEscalationMessage } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function escalationAddActionSubmit(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const values = readViewValues(view);
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const redrawn = new RedrawnMessages();
        const escalation = await deps.services.escalations.addCorrectiveAction(
          actor,
          context.subject,
          correctiveActionInput(readForm(CORRECTIVE_ACTION_FORM, values), actor.person),
          redrawn,
        );
        return { escalation, context, redrawn };
      },
      // The service posts the thread line and redraws every root it knows; a root it could not redraw is drawn here.
      after: async ({ escalation, context, redrawn }) => {
        if (context.message && !redrawn.has(context.message)) {
          await updateEscalationMessage(client, context.message, escalation);
        }
      },
      lateMessage: () => 'The corrective action was added.',
    });
  };
}
