import { importFormCard } from '../../cards/import-card';
import type { Command } from '../../commands';
import type { CommandHandler } from '../types';

/** `steward import`: the form to paste the CSV into, with the dry run on. */
export const importContracts: CommandHandler<Extract<Command, { name: 'import' }>> = async () => ({
  card: importFormCard(),
});
