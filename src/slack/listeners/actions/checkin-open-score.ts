import { scoreModal } from '../../blocks/score-modal';
import type { SlackDeps } from '../../deps';
import { openModal } from '../../interactions';
import { messageRefOf } from '../../message-updates';
import type { ModalContext } from '../../modal-context';
import { type ButtonArgs, buttonValue, fromHome } from './button-args';

/** "Submit score": opens the score modal typed to the KPI, after the service confirms the check-in is open. */
export function checkinOpenScore(deps: SlackDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const checkinId = buttonValue(action);
    const message = messageRefOf(body);
    const context: ModalContext = {
      subject: checkinId,
      ...(message ? { message } : {}),
      ...(fromHome(body) ? { fromHome: true } : {}),
    };
    await openModal({
      client,
      triggerId: body.trigger_id,
      title: 'Submit score',
      deps,
      build: async () => {
        const actor = await deps.actors.fromInteraction(body);
        const form = await deps.services.checkins.openScoreForm(actor, checkinId);
        return scoreModal(form, context, 'submit');
      },
    });
  };
}
