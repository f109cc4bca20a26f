import type { ItemPageRequest } from '../../../chat/item-paging';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { correctiveActionListCard } from '../../cards/corrective-action-card';
import { escalationListCard } from '../../cards/list-cards';
import { obligationListCard } from '../../cards/obligation-cards';
import { riskListCard } from '../../cards/risk-cards';
import { mayDecideOutcomes } from '../commands/list-obligations';
import { viewOf } from '../context';
import type { CardActionArgs } from '../types';

/**
 * Another page of an escalation, obligation, risk or corrective action list (src/chat/item-paging.ts), in place of
 * the card: the list is read again for the person pressing (today's total, their access checked again). The risk
 * heat map was posted with the first page and is not posted again.
 */
export async function itemListPage(args: CardActionArgs, request: ItemPageRequest): Promise<AdaptiveCard> {
  const { services } = args.deps;
  const { actor } = args;
  const reference = request.reference ?? '';
  const offset = request.offset;
  switch (request.list) {
    case 'escalations':
      return escalationListCard(
        await services.escalations.listOpen(actor, request.reference),
        request.reference,
        viewOf(args.conversation),
        offset,
      );
    case 'obligations':
      return obligationListCard(reference, await services.obligations.list(actor, reference), {
        canDecide: mayDecideOutcomes(actor),
        offset,
      });
    case 'risks':
      return riskListCard(reference, await services.risks.list(actor, reference), { heatMap: 'none', offset });
    case 'actions':
      return correctiveActionListCard(
        reference,
        await services.correctiveActions.list(actor, reference, { open: !request.all }),
        { all: request.all === true, offset },
      );
  }
}
