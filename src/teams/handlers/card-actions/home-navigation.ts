import { CARD_ACTIONS } from '../../cards/action-ids';
import { checkinPromptCard } from '../../cards/checkin-card';
import { viewOf } from '../context';
import type { CardActionHandler } from '../types';
import { openCheckinItem, rememberPrompt } from './card-data';

/**
 * "Answer" beside a waiting check-in on the home card: the card becomes that check-in's card, answered like the
 * prompt Steward posted (its buttons redraw it), with a way back to home.
 */
export const homeOpenCheckin: CardActionHandler = {
  id: CARD_ACTIONS.homeOpenCheckin,
  async run(args) {
    const checkinId = typeof args.data.checkinId === 'string' ? args.data.checkinId : '';
    if (checkinId === '') return { message: 'That check-in is not on this card any more. Type "steward home".' };
    const dueAt = typeof args.data.dueAt === 'string' ? new Date(args.data.dueAt) : undefined;
    const item = await openCheckinItem(args, checkinId, dueAt && !Number.isNaN(dueAt.getTime()) ? dueAt : undefined);
    // Remembered with its way back, so the card redrawn after an answer still leads home.
    const prompt = { items: [item], addressees: [], returnTo: 'home' as const };
    await rememberPrompt(args, prompt);
    return { card: checkinPromptCard(prompt, undefined, viewOf(args.conversation)) };
  },
};
