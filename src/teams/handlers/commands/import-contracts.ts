import { importFormCard } from '../../cards/import-card';
import type { CommandHandler } from '../types';

/** `steward import`: the form to paste the CSV into, with the dry run on. */
export const importContracts: CommandHandler<'import'> = async () => ({
  card: importFormCard(),
});
