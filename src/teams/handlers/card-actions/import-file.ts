import { isStewardError } from '../../../domain/errors';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { type DecimalMark, importDoneCard, importFileCard } from '../../cards/import-card';
import { downloadSentFile, isAllowedFileUrl } from '../../file-download';
import type { CardActionHandler } from '../types';

/**
 * "Import N contracts" under a checked file: the same file is read again from its link and imported whole, or
 * not at all (the service refuses while any row is bad); then the card says what was imported. The answers to
 * the file's decimal-mark question (`check`) read the same file again with that mark, as a dry run.
 */
export const importSentFile: CardActionHandler = {
  id: CARD_ACTIONS.contractsImportFile,
  async run(args) {
    const link = typeof args.data.link === 'string' ? args.data.link : '';
    const name = typeof args.data.name === 'string' && args.data.name !== '' ? args.data.name : 'The file';
    const mark = args.data.decimalMark;
    const answered = mark === 'point' || mark === 'comma' ? { decimalMark: mark as DecimalMark } : {};
    const check = args.data.check === true || args.data.check === 'true';
    const chosen = typeof args.data.sheet === 'string' && args.data.sheet !== '' ? { sheet: args.data.sheet } : {};
    const allow = args.deps.allowFileUrl ?? ((url: URL) => isAllowedFileUrl(url, 'authenticated'));
    let bytes: Uint8Array;
    try {
      bytes = await downloadSentFile(link, name, allow);
    } catch (error) {
      if (isStewardError(error)) return { card: importFileCard({ name, link, problem: error.userMessage }) };
      throw error;
    }
    const report = await args.deps.services.imports.importContracts(args.actor, bytes, {
      dryRun: check,
      ...answered,
      ...chosen,
    });
    if (report.ok && !check) return { card: importDoneCard(report) };
    return { card: importFileCard({ name, link, report, ...answered, ...chosen }) };
  },
  async onValidationError(args, error) {
    const name = typeof args.data.name === 'string' ? args.data.name : 'The file';
    const link = typeof args.data.link === 'string' ? args.data.link : '';
    return { card: importFileCard({ name, link, problem: error.userMessage }) };
  },
};
