import { isStewardError } from '../../../domain/errors';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { importDoneCard, importFileCard } from '../../cards/import-card';
import { downloadSentFile, isAllowedFileUrl } from '../../file-download';
import type { CardActionHandler } from '../types';

/**
 * "Import N contracts" under a checked file: the same file is read again from its link and imported whole, or
 * not at all (the service refuses while any row is bad); then the card says what was imported.
 */
export const importSentFile: CardActionHandler = {
  id: CARD_ACTIONS.contractsImportFile,
  async run(args) {
    const link = typeof args.data.link === 'string' ? args.data.link : '';
    const name = typeof args.data.name === 'string' && args.data.name !== '' ? args.data.name : 'The file';
    const allow = args.deps.allowFileUrl ?? ((url: URL) => isAllowedFileUrl(url, 'authenticated'));
    let bytes: Uint8Array;
    try {
      bytes = await downloadSentFile(link, name, allow);
    } catch (error) {
      if (isStewardError(error)) return { card: importFileCard({ name, link, problem: error.userMessage }) };
      throw error;
    }
    const report = await args.deps.services.imports.importContracts(args.actor, bytes, { dryRun: false });
    return { card: report.ok ? importDoneCard(report) : importFileCard({ name, link, report }) };
  },
  async onValidationError(args, error) {
    const name = typeof args.data.name === 'string' ? args.data.name : 'The file';
    const link = typeof args.data.link === 'string' ? args.data.link : '';
    return { card: importFileCard({ name, link, problem: error.userMessage }) };
  },
};
