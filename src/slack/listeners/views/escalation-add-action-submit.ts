import { CORRECTIVE_ACTION_FORM, correctiveActionInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { updateEscalationMessage } from '../../message-updates';
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
        const escalation = await deps.services.escalations.addCorrectiveAction(
          actor,
          context.subject,
          correctiveActionInput(readForm(CORRECTIVE_ACTION_FORM, values), actor.person),
        );
        return { escalation, context };
      },
      // The service posts the thread line and redraws the escalation's other threads; this redraws the root now.
      after: async ({ escalation, context }) => {
        if (context.message) await updateEscalationMessage(client, context.message, escalation);
      },
      lateMessage: () => 'The corrective action was added.',
    });
  };
}
