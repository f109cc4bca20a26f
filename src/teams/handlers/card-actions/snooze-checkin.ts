import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { checkinTarget, refreshedPrompt } from './card-data';

export const snoozeCheckin: CardActionHandler = {
  id: CARD_ACTIONS.snooze,
  async run(args) {
    const target = checkinTarget(args.data);
    return refreshedPrompt(args, await args.deps.services.checkins.snooze(args.actor, target.checkinId));
  },
};
