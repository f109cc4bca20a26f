import { CARD_ACTIONS } from '../../cards/action-ids';
import { acknowledgedKickoff } from '../commands/acknowledge-kickoff';
import type { CardActionHandler } from '../types';
import { requiredId } from './card-data';

/** "Acknowledge kickoff" on the vendor's kickoff card; the card comes back acknowledged. */
export const acknowledgeKickoff: CardActionHandler = {
  id: CARD_ACTIONS.kickoffAcknowledge,
  async run(args) {
    return { card: await acknowledgedKickoff(args.deps, args.actor, requiredId(args.data, 'reference')) };
  },
};
