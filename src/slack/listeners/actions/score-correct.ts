import { scoreModal } from '../../blocks/score-modal';
import type { SlackDeps } from '../../deps';
import { openModal } from '../../interactions';
import { messageRefOf } from '../../message-updates';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue } from './button-args';

/** "Correct" on an answered check-in: the author or a contract manager edits the score (the service decides who). */
export function scoreCorrect(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const scoreId = buttonValue(action);
    const message = messageRefOf(body);
    const context: ModalContext = { subject: scoreId, ...(message ? { message } : {}) };
    await openModal({
      client,
      triggerId: body.trigger_id,
      title: 'Correct score',
      deps,
      build: async () => {
        const actor = await deps.actors.fromInteraction(body);
        const form = await deps.services.checkins.openCorrectionForm(actor, scoreId);
        return scoreModal(form, context, 'correct');
      },
    });
  };
}
