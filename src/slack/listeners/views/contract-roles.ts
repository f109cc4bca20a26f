import { formInput, ROLES_FORM } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function contractRoles(deps: SlackDeps) {
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
        const contract = await deps.services.contracts.setGovernance(
          actor,
          context.subject,
          formInput(ROLES_FORM, readForm(ROLES_FORM, values)),
        );
        return { contract, context };
      },
      after: async ({ contract, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Saved the governance roles of *${escapeMrkdwn(contract.reference)}*.`,
        );
      },
      lateMessage: ({ contract }) => `The governance roles of ${contract.reference} were saved.`,
    });
  };
}
