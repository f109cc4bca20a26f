import { CARD_ACTIONS } from '../../cards/action-ids';
import type { CardActionHandler } from '../types';
import { refreshedEscalation, requiredId } from './card-data';

export const acknowledgeEscalation: CardActionHandler = {
  id: CARD_ACTIONS.acknowledge,
  async run(args) {
    const view = await args.deps.services.escalations.acknowledge(args.actor, requiredId(args.data, 'escalationId'));
    return refreshedEscalation(args, view);
  },
};
