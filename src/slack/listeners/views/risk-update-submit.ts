import { changedInput, RISK_FORM } from '../../../chat/forms';
import { readForm, readInitialForm } from '../../blocks/form';
import { riskLine } from '../../blocks/risks';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { publishHome } from '../home/publish-home';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** Sends only what changed, so the audit trail shows the change itself. */
export function riskUpdateSubmit(deps: SlackDeps) {
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
        const changes = changedInput(RISK_FORM, readForm(RISK_FORM, values), readInitialForm(RISK_FORM, view.blocks));
        const risk = await deps.services.risks.update(actor, context.subject, changes);
        return { risk, context, actor };
      },
      after: async ({ risk, context, actor }) => {
        if (context.fromHome) await publishHome(deps, client, actor);
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:white_check_mark: Risk updated:\n${riskLine(risk)}`,
        );
      },
      lateMessage: ({ risk }) => `The risk “${risk.title}” was updated.`,
    });
  };
}
