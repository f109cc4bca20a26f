import { decodeItemPage } from '../../../chat/item-paging';
import { decodeListPage } from '../../../chat/list-paging';
import { StewardError } from '../../../domain/errors';
import { contractListMessage } from '../../blocks/reports';
import type { SlackDeps } from '../../deps';
import type { ButtonArgs } from './button-args';
import { itemListPage } from './item-list-page';

/**
 * "‹ Previous" / "Next ›" under a list: the same filter, the page before or after, drawn in place of the list (the
 * private answer's response_url), with the total counted again. A contract list's buttons carry its filter; an
 * escalation, obligation, risk or action list's carry which list it is (item-list-page.ts).
 */
export function contractListPage(deps: SlackDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const items = decodeItemPage(action.value);
    if (items) {
      const actor = await deps.actors.fromInteraction(body);
      await respond({ replace_original: true, ...(await itemListPage(deps, actor, items)) });
      return;
    }
    const request = decodeListPage(action.value);
    if (!request) throw new StewardError('validation', 'That list has expired. Run /steward list again.');
    const actor = await deps.actors.fromInteraction(body);
    const page = await deps.services.contracts.list(actor, request.filter, { offset: request.offset });
    await respond({ replace_original: true, ...contractListMessage(page, request.filter) });
  };
}
