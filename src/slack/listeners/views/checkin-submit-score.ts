import { SCORE_ANSWER_FORM, scoreInput } from '../../../chat/forms';
import { readForm } from '../../blocks/form';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { RedrawnMessages, updatePromptItem } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { publishHome } from '../home/publish-home';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** The score modal: the service validates and scores; the prompt is updated in place with value, RAG and who. */
export function checkinSubmitScore(deps: SlackDeps) {
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
        // Acknowledged once the score is saved; its follow-ups (audit, prompts, escalation) run after the ack.
        const redrawn = new RedrawnMessages();
        const result = await deps.services.checkins.submitScore(
          actor,
          context.subject,
          scoreInput(readForm(SCORE_ANSWER_FORM, values)),
          { followUpsLater: true, onRedrawn: redrawn.onRedrawn },
        );
        return { result, context, actor, redrawn };
      },
      after: async ({ result, context, actor, redrawn }) => {
        // A repeated submission changed nothing: the message already shows the first one.
        if (result.repeated) return;
        // The service redraws every prompt of the check-in it knows in its follow-ups; this one is drawn after
        // them only when it was not among them (an earlier prompt a reminder replaced).
        await result.followUps;
        if (context.message && !redrawn.has(context.message)) {
          await updatePromptItem(client, context.message, result.item, { scoreId: result.scoreId });
        }
        if (context.fromHome) await publishHome(deps, client, actor);
      },
      lateMessage: ({ result }) =>
        `Score saved: ${result.displayValue} for ${result.item.kpi.name} (${result.item.contractRef}).`,
    });
  };
}
