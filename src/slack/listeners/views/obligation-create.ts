import { formInput, OBLIGATION_FORM } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn, mention } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** The new-obligation modal: a due date before today or after the contract ends is refused on the field. */
export function obligationCreate(deps: SlackDeps) {
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
        const obligation = await deps.services.obligations.create(
          actor,
          context.subject,
          formInput(OBLIGATION_FORM, readForm(OBLIGATION_FORM, values)),
        );
        return { obligation, context };
      },
      after: async ({ obligation, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Added the obligation *${escapeMrkdwn(obligation.title)}* on *${escapeMrkdwn(obligation.contractRef)}*, owed by ${mention(obligation.owner)} by ${escapeMrkdwn(obligation.dueDate)}. See them all with \`/steward obligations ${escapeMrkdwn(obligation.contractRef)}\`.`,
        );
      },
      lateMessage: ({ obligation }) => `The obligation “${obligation.title}” was added to ${obligation.contractRef}.`,
    });
  };
}
