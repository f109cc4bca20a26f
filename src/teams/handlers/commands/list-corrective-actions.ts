import { correctiveActionListCard } from '../../cards/corrective-action-card';
import type { CommandHandler } from '../types';

/** `steward actions REF [all]`: the open corrective actions (all: the finished ones too), with their next steps. */
export const listCorrectiveActions: CommandHandler<'actions'> = async ({ command, actor, deps }) => ({
  card: correctiveActionListCard(
    command.reference,
    await deps.services.correctiveActions.list(actor, command.reference, { open: !command.all }),
    { all: command.all },
  ),
});
