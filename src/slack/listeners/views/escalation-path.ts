import { ESCALATION_PATH_FORM, escalationPathErrorField, escalationPathInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function escalationPath(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const { input, formLevels } = escalationPathInput(readForm(ESCALATION_PATH_FORM, readViewValues(view)));
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      alias: (key) => escalationPathErrorField(key, formLevels)?.field,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const contract = await deps.services.contracts.setEscalationPath(actor, context.subject, input);
        return { contract, context };
      },
      after: async ({ contract, context }) => {
        const levels = contract.escalationPath.length;
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Saved the escalation path of *${escapeMrkdwn(contract.reference)}* (${levels} level${levels === 1 ? '' : 's'}).`,
        );
      },
      lateMessage: ({ contract }) => `The escalation path of ${contract.reference} was saved.`,
    });
  };
}
