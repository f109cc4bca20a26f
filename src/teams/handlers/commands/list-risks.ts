import type { ChatFile } from '../../../chat/chat-surface';
import { isStewardError } from '../../../domain/errors';
import { riskListCard } from '../../cards/risk-cards';
import type { CommandHandler } from '../types';

/**
 * `steward risks REF`: the register, and its heat map as a PNG the service posts where the command was
 * typed (the Teams surface sends it as an inline image). When no place could be reached, the image comes
 * with this reply instead. A heat map that fails to draw leaves the register to answer on its own.
 */
export const listRisks: CommandHandler<'risks'> = async ({ command, actor, deps }) => {
  const risks = await deps.services.risks.list(actor, command.reference);
  let heatMap: 'posted' | 'attached' | 'none' = 'none';
  const files: ChatFile[] = [];
  if (risks.length > 0) {
    try {
      const result = await deps.services.risks.postHeatMap(actor, command.reference);
      if (result.posted) heatMap = 'posted';
      else {
        heatMap = 'attached';
        files.push(result.file);
      }
    } catch (error) {
      if (isStewardError(error)) throw error;
      deps.logger.warn({ err: error, contractRef: command.reference }, 'could not post the risk heat map');
    }
  }
  return { card: riskListCard(command.reference, risks, { heatMap }), files };
};
