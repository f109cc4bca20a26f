import { contractCreateCard } from '../../cards/contract-forms';
import type { CommandHandler } from '../types';

/** `steward new`: the contract form, as Slack's modal has it; nothing is looked up until it is sent. */
export const newContract: CommandHandler<'new'> = async ({ deps }) => ({
  card: contractCreateCard({
    startDate: deps.clock().toISOString().slice(0, 10),
    ...(deps.defaultTimezone ? { timezone: deps.defaultTimezone } : {}),
  }),
});
