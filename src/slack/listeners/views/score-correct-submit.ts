import { SCORE_ANSWER_FORM, scoreInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { RedrawnMessages, updatePromptItem } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

export function scoreCorrectSubmit(deps: SlackDeps) {
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
        const result = await deps.services.checkins.correctScore(
          actor,
          context.subject,
          scoreInput(readForm(SCORE_ANSWER_FORM, values)),
          redrawn,
        );
        return { result, context, redrawn };
      },
      after: async ({ result, context, redrawn }) => {
        // Drawn here only when the service did not redraw it (an earlier prompt a reminder replaced).
        if (context.message && !redrawn.has(context.message)) {
          await updatePromptItem(client, context.message, result.item, { scoreId: result.scoreId });
        }
      },
      lateMessage: ({ result }) => `Correction saved: ${result.displayValue} for ${result.item.kpi.name}.`,
    });
  };
}
