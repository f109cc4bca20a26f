import { decodeListPage } from '../../../chat/list-paging';
import { StewardError } from '../../../domain/errors';
import { contractListMessage } from '../../blocks/reports';
import type { SlackDeps } from '../../deps';
import type { ButtonArgs } from './button-args';

/**
 * "‹ Previous" / "Next ›" under a contract list: the same filter, the page before or after, drawn in place of the
 * list (the private answer's response_url), with the total counted again.
 */
export function contractListPage(deps: SlackDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const request = decodeListPage(action.value);
    if (!request) throw new StewardError('validation', 'That list has expired. Run /steward list again.');
    const actor = await deps.actors.fromInteraction(body);
    const page = await deps.services.contracts.list(actor, request.filter, { offset: request.offset });
    await respond({ replace_original: true, ...contractListMessage(page, request.filter) });
  };
}
