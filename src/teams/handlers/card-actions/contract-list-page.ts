import { decodeItemPage } from '../../../chat/item-paging';
import { decodeListPage } from '../../../chat/list-paging';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { contractListCard } from '../../cards/list-cards';
import type { CardActionHandler } from '../types';
import { itemListPage } from './item-list-page';

/**
 * "‹ Previous" / "Next ›" under a list: the same filter, the page before or after, in place. A contract list's
 * buttons carry its filter; an escalation, obligation, risk or action list's carry which list it is.
 */
export const contractListPage: CardActionHandler = {
  id: CARD_ACTIONS.contractsListPage,
  async run(args) {
    const items = decodeItemPage(args.data.page);
    if (items) return { card: await itemListPage(args, items) };
    const request = decodeListPage(args.data.page);
    if (!request) return { message: 'That list has expired. Type "steward list" again.' };
    const page = await args.deps.services.contracts.list(args.actor, request.filter, { offset: request.offset });
    return { card: contractListCard(page, request.filter, request.title) };
  },
};
