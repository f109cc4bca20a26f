import { EVIDENCE_FORM, evidenceInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { publishHome } from '../home/publish-home';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function obligationEvidence(deps: SlackDeps) {
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
        const obligation = await deps.services.obligations.addEvidence(
          actor,
          context.subject,
          evidenceInput(readForm(EVIDENCE_FORM, values)),
        );
        return { obligation, context, actor };
      },
      after: async ({ obligation, context, actor }) => {
        if (context.fromHome) await publishHome(deps, client, actor);
        await confirmPrivately(
          client,
          body.user.id,
          context.channelId,
          `:paperclip: Evidence added to *${escapeMrkdwn(obligation.title)}* (${escapeMrkdwn(obligation.contractRef)}); it has ${obligation.evidence.length} item${obligation.evidence.length === 1 ? '' : 's'} now.`,
        );
      },
      lateMessage: ({ obligation }) => `Evidence was added to “${obligation.title}”.`,
    });
  };
}
