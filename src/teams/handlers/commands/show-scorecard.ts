import { scorecardCard } from '../../cards/scorecard-card';
import type { CommandHandler } from '../types';

export const showScorecard: CommandHandler<'scorecard'> = async ({ command, actor, deps }) => ({
  card: scorecardCard(await deps.services.contracts.scorecard(actor, command.reference)),
});
