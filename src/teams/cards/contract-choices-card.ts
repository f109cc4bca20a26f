import { type CommandName, plainQuotes } from '../../chat/commands';
import { choicesHeading, encodeChoice } from '../../chat/contract-choices';
import type { ContractPage } from '../../services/service-api';
import { actionExecute } from './action-buttons';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  literal,
  paragraph,
  ragBadge,
} from './adaptive-card';

/**
 * The contracts a command may mean, each with an "Open" button that runs the command for it in place of this
 * card (handlers/card-actions/contract-pick.ts). At most LIST_PAGE_SIZE of them: well inside a card's size.
 */
export function contractChoicesCard(
  command: CommandName,
  page: ContractPage,
  asked: { words: string[] } | { unknown: string },
): AdaptiveCard {
  const heading = plainQuotes(choicesHeading(command, { total: page.total, shown: page.contracts.length }, asked));
  const body: CardElement[] = [paragraph([literal(heading, { weight: 'Bolder' })])];
  for (const contract of page.contracts) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            paragraph([literal(`${contract.reference} · ${contract.title}`, { weight: 'Bolder' })]),
            paragraph(
              [
                literal(
                  `${contract.vendorName} · ${ragBadge(contract.worstRag ?? contract.overallRag)} · ends ${contract.endDate}`,
                  { isSubtle: true },
                ),
              ],
              'None',
            ),
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          items: [actionSet([actionExecute('pickContract', { choice: encodeChoice(command, contract.reference) })])],
        },
      ],
    } as CardElement);
  }
  return adaptiveCard(body);
}
