import { formInput, NOT_APPLICABLE_FORM } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { RedrawnMessages, updatePromptItem } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { publishHome } from '../home/publish-home';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function checkinNotApplicableSubmit(deps: SlackDeps) {
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
        const item = await deps.services.checkins.markNotApplicable(
          actor,
          context.subject,
          formInput(NOT_APPLICABLE_FORM, readForm(NOT_APPLICABLE_FORM, values)),
          redrawn,
        );
        return { item, context, actor, redrawn };
      },
      after: async ({ item, context, actor, redrawn }) => {
        // The service redrew the prompts it knows; one it does not (an earlier prompt a reminder replaced) is drawn here.
        if (context.message && !redrawn.has(context.message)) await updatePromptItem(client, context.message, item);
        if (context.fromHome) await publishHome(deps, client, actor);
      },
      lateMessage: ({ item }) => `Marked ${item.kpi.name} (${item.contractRef}) as not applicable.`,
    });
  };
}
