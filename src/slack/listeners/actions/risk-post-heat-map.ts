import { fileWhere } from '../../blocks/records';
import type { SlackDeps } from '../../deps';
import { type ButtonArgs, buttonValue } from './button-args';

/** "Post heat map": the service draws the PNG and uploads it where the button was pressed (internal places only). */
export function riskPostHeatMap(deps: SlackDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const reference = buttonValue(action);
    const actor = await deps.actors.fromInteraction(body);
    const result = await deps.services.risks.postHeatMap(actor, reference);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `:bar_chart: The risk heat map ${fileWhere(result)}.`,
    });
  };
}
