import { outcomeInput, WAIVE_FORM } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { outcomeConfirmation } from '../../blocks/obligations';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function obligationWaiveSubmit(deps: SlackDeps) {
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
        const result = await deps.services.obligations.setOutcome(
          actor,
          context.subject,
          outcomeInput('waived', readForm(WAIVE_FORM, values)),
        );
        return { ...result, context };
      },
      after: async ({ obligation, next, context }) => {
        await confirmPrivately(client, body.user.id, context.channelId, outcomeConfirmation(obligation, next));
      },
      lateMessage: ({ obligation }) => `“${obligation.title}” was waived.`,
    });
  };
}
