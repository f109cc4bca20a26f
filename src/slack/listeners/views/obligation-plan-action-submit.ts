import { CORRECTIVE_ACTION_FORM, correctiveActionInput } from '../../../chat/forms';
import { stepConfirmation } from '../../blocks/corrective-actions';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function obligationPlanActionSubmit(deps: SlackDeps) {
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
        const action = await deps.services.correctiveActions.planForObligation(
          actor,
          context.subject,
          correctiveActionInput(readForm(CORRECTIVE_ACTION_FORM, values), actor.person),
        );
        return { action, context };
      },
      after: async ({ action, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `${stepConfirmation(action)} A manager approves it in \`/steward actions ${action.contractRef}\`.`,
        );
      },
      lateMessage: ({ action }) => `The corrective action “${action.action}” was planned.`,
    });
  };
}
