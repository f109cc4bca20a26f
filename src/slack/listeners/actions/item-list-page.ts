import type { ItemPageRequest } from '../../../chat/item-paging';
import type { Actor } from '../../../services/service-api';
import { correctiveActionListMessage } from '../../blocks/corrective-actions';
import type { KnownBlock } from '../../blocks/kit';
import { obligationListMessage } from '../../blocks/obligations';
import { escalationListMessage } from '../../blocks/reports';
import { riskListMessage } from '../../blocks/risks';
import type { SlackDeps } from '../../deps';

/**
 * Another page of an escalation, obligation, risk or corrective action list (src/chat/item-paging.ts): the list is
 * read again for the person pressing (so the total is today's, and what they may see is checked again), and drawn
 * from the page asked for.
 */
export async function itemListPage(
  deps: SlackDeps,
  actor: Actor,
  request: ItemPageRequest,
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { services } = deps;
  const reference = request.reference ?? '';
  switch (request.list) {
    case 'escalations':
      return escalationListMessage(
        await services.escalations.listOpen(actor, request.reference),
        request.reference,
        request.offset,
      );
    case 'obligations':
      return obligationListMessage(
        await services.obligations.list(actor, reference),
        reference,
        { manage: !actor.external },
        request.offset,
      );
    case 'risks':
      return riskListMessage(await services.risks.list(actor, reference), reference, request.offset);
    case 'actions':
      return correctiveActionListMessage(
        await services.correctiveActions.list(actor, reference, { open: !request.all }),
        reference,
        request.all === true,
        request.offset,
      );
  }
}
