import { CARD_ACTIONS } from '../../cards/action-ids';
import { adaptiveCard, text } from '../../cards/adaptive-card';
import { checkinPromptCard } from '../../cards/checkin-card';
import { viewOf } from '../context';
import type { CardActionHandler } from '../types';

/** "Cancel" on the correction form: the prompt card as it was; no service is asked, nothing is written. */
export const cancelScoreCorrection: CardActionHandler = {
  id: CARD_ACTIONS.scoreCorrectCancel,
  async run(args) {
    const prompt = args.messageId ? await args.deps.store.promptOf(args.conversation.id, args.messageId) : undefined;
    if (prompt) return { card: checkinPromptCard(prompt, undefined, viewOf(args.conversation)) };
    return {
      card: adaptiveCard([
        text('Correction cancelled: nothing was changed. Type "steward home" to see what is waiting for you.'),
      ]),
    };
  },
};
