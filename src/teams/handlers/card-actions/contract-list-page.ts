import { decodeListPage } from '../../../chat/list-paging';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { contractListCard } from '../../cards/list-cards';
import type { CardActionHandler } from '../types';

/** "‹ Previous" / "Next ›" under a contract list: the same filter, the page before or after, in place. */
export const contractListPage: CardActionHandler = {
  id: CARD_ACTIONS.contractsListPage,
  async run(args) {
    const request = decodeListPage(args.data.page);
    if (!request) return { message: 'That list has expired. Type "steward list" again.' };
    const page = await args.deps.services.contracts.list(args.actor, request.filter, { offset: request.offset });
    return { card: contractListCard(page, request.filter, request.title) };
  },
};
