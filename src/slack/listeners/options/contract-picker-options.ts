import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { pickerWords, SLACK_PICKER_OPTIONS } from '../../../chat/contract-picker';
import { contractPickerOptions as optionsOf } from '../../blocks/contract-choices';
import type { SlackDeps } from '../../deps';

type OptionsArgs = AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>;

/**
 * The contract picker's options as the person types (a `block_suggestion` request): the contracts they may see
 * that match every typed word, worst first, at most the 100 a select shows. A vendor is offered only their own.
 * Slack waits 3 s for the answer and shows nothing on an error, so a failure answers "no options" and is logged.
 */
export function contractPickerOptions(deps: SlackDeps) {
  return async ({ ack, body }: OptionsArgs): Promise<void> => {
    const suggestion = body as BlockSuggestion;
    try {
      const actor = await deps.actors.fromInteraction(suggestion);
      const page = await deps.services.contracts.list(
        actor,
        { words: pickerWords(suggestion.value) },
        { limit: SLACK_PICKER_OPTIONS },
      );
      await ack(optionsOf(page.contracts));
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not answer the contract picker');
      await ack({ options: [] });
    }
  };
}
