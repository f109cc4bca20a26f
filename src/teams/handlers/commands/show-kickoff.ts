import { kickoffForCaller } from '../../../chat/kickoff';
import { kickoffCard } from '../../cards/kickoff-card';
import type { CommandHandler } from '../types';

/**
 * `steward kickoff REF`, as on Slack (src/chat/kickoff.ts): posted in the linked places for the contract team,
 * then shown; a vendor sees the vendor view with the Acknowledge button.
 */
export const showKickoff: CommandHandler<'kickoff'> = async ({ command, actor, deps }) => {
  const { view, posted, note } = await kickoffForCaller(deps.services.kickoff, actor, command.reference);
  const said =
    note ??
    (posted === undefined
      ? undefined
      : posted > 0
        ? `🚀 Posted the kickoff checklist of ${view.contractRef} in ${posted} linked place${posted === 1 ? '' : 's'}.`
        : `The kickoff checklist of ${view.contractRef} was already posted in every linked place.`);
  return { card: kickoffCard(view, said ? { notice: said } : {}) };
};
