import { RISK_FORM, riskInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import { riskLine } from '../../blocks/risks';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** The new-risk modal: likelihood and impact outside 1–5, or a review date in the past, are refused on the field. */
export function riskCreate(deps: SlackDeps) {
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
        const risk = await deps.services.risks.create(
          actor,
          context.subject,
          riskInput(readForm(RISK_FORM, values), actor.person),
        );
        return { risk, context };
      },
      after: async ({ risk, context }) => {
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Added to the risk register of *${escapeMrkdwn(risk.contractRef)}*:\n${riskLine(risk)}`,
        );
      },
      lateMessage: ({ risk }) => `The risk “${risk.title}” was added to ${risk.contractRef}.`,
    });
  };
}
