import { scorecardCard } from '../../cards/scorecard-card';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

export const showScorecard: CommandHandler<Extract<Command, { name: 'scorecard' }>> = async ({
  command,
  actor,
  deps,
}) => ({
  card: scorecardCard(await deps.services.contracts.scorecard(actor, command.reference)),
});
