import { type CommandName, plainQuotes } from '../../chat/commands';
import { choicesHeading, encodeChoice } from '../../chat/contract-choices';
import { CONTRACT_PICKER, pickerOptionText, TEAMS_PICKER_RESULTS } from '../../chat/contract-picker';
import type { ContractPage } from '../../services/service-api';
import { actionExecute } from './action-buttons';
import { CARD_ACTIONS, CONTRACT_PICKER_INPUT } from './action-ids';
import {
  type AdaptiveCard,
  actionSet,
  adaptiveCard,
  type CardElement,
  execute,
  literal,
  paragraph,
  ragBadge,
} from './adaptive-card';

/**
 * The contracts a command may mean, each with an "Open" button that runs the command for it in place of this
 * card (handlers/card-actions/contract-pick.ts). At most LIST_PAGE_SIZE of them: well inside a card's size. When
 * more match than are shown, the contract picker comes first, so every one of them can be reached by typing.
 */
export function contractChoicesCard(
  command: CommandName,
  page: ContractPage,
  asked: { words: string[] } | { unknown: string },
): AdaptiveCard {
  const heading = plainQuotes(choicesHeading(command, { total: page.total, shown: page.contracts.length }, asked));
  const body: CardElement[] = [paragraph([literal(heading, { weight: 'Bolder' })])];
  if (page.total > page.contracts.length) body.push(...contractPickerElements(command, page));
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

/**
 * The contract picker (src/chat/contract-picker.ts) as a Teams card renders it: an `Input.ChoiceSet` with dynamic
 * type-ahead, whose results Teams asks the bot for with an `application/search` invoke as the person types
 * (handlers/invokes/on-search.ts), and "Open", which carries only this input and the command. The contracts
 * already on the card are its static choices: a client without type-ahead (the Agents Playground) still offers them.
 */
export function contractPickerElements(command: CommandName, page: ContractPage): CardElement[] {
  return [
    {
      type: 'Input.ChoiceSet',
      id: CONTRACT_PICKER_INPUT,
      label: CONTRACT_PICKER.label,
      placeholder: CONTRACT_PICKER.placeholder,
      style: 'filtered',
      choices: page.contracts.map((contract) => ({ title: pickerOptionText(contract), value: contract.reference })),
      'choices.data': { type: 'Data.Query', dataset: CONTRACT_PICKER.dataset, count: TEAMS_PICKER_RESULTS },
      isRequired: true,
      errorMessage: CONTRACT_PICKER.missing,
    } as CardElement,
    paragraph([literal(CONTRACT_PICKER.hint, { isSubtle: true })], 'None'),
    actionSet([execute(CONTRACT_PICKER.submit, { action: CARD_ACTIONS.contractPickerOpen, command }, 'positive')]),
  ];
}
