import { IMPORT_FORM, importInput } from '../../../chat/forms';
import { CARD_ACTIONS } from '../../cards/action-ids';
import { cardFormValues, readCardForm } from '../../cards/form-inputs';
import { type DecimalMark, importDoneCard, importFormCard, importInputId } from '../../cards/import-card';
import type { CardActionArgs, CardActionHandler } from '../types';

/**
 * The CSV exactly as pasted (trimming would move the line numbers the problems name), refused when empty with
 * the way to send a file instead; a card carries no file.
 */
function typed(args: CardActionArgs): { csv: string; dryRun: boolean; decimalMark?: DecimalMark } {
  // The toggle sends "false" when switched off; anything else (or nothing, an older card) is a dry run.
  const {
    csv = '',
    dryRun,
    decimalMark,
  } = importInput(readCardForm(IMPORT_FORM, cardFormValues(IMPORT_FORM, args.data)));
  return { csv, dryRun, ...(decimalMark ? { decimalMark } : {}) };
}

/** What the card sent, as it was, to show the form again under a refusal. */
function asSent(args: CardActionArgs): { csv: string; dryRun: boolean; decimalMark?: DecimalMark } {
  const values = readCardForm(IMPORT_FORM, cardFormValues(IMPORT_FORM, args.data));
  const decimalMark = values.decimalMark === 'point' || values.decimalMark === 'comma' ? values.decimalMark : undefined;
  return {
    csv: typeof values.csv === 'string' ? values.csv : '',
    dryRun: values.dryRun !== false,
    ...(decimalMark ? { decimalMark } : {}),
  };
}

/**
 * "Run" on the import form. A dry run answers with the same form, the file kept, and either the contracts
 * found or every problem by line and column; a real import writes nothing while any row is bad (the service
 * refuses it whole), and then the form comes back with the problems, found by a dry run of the same file.
 */
export const importContracts: CardActionHandler = {
  id: CARD_ACTIONS.contractsImport,
  async run(args) {
    const { csv, dryRun, decimalMark } = typed(args);
    const answered = decimalMark ? { decimalMark } : {};
    const report = await args.deps.services.imports.importContracts(args.actor, csv, { dryRun, ...answered });
    if (dryRun || !report.ok) return { card: importFormCard({ csv, dryRun, report, ...answered }) };
    return { card: importDoneCard(report) };
  },
  async onValidationError(args, error) {
    const { csv, dryRun, decimalMark } = asSent(args);
    const answered = decimalMark ? { decimalMark } : {};
    const csvId = importInputId('csv');
    if (dryRun || csv.trim() === '' || Object.keys(error.fieldErrors).some((key) => key === 'file')) {
      // About the file as a whole (empty, too large): under the input.
      return {
        card: importFormCard({
          csv,
          dryRun,
          ...answered,
          problem: { message: error.userMessage, fieldErrors: { [csvId]: error.userMessage }, values: {} },
        }),
      };
    }
    const report = await args.deps.services.imports.importContracts(args.actor, csv, { dryRun: true, ...answered });
    if (report.ok) {
      return {
        card: importFormCard({
          csv,
          dryRun,
          ...answered,
          problem: { message: error.userMessage, fieldErrors: {}, values: {} },
        }),
      };
    }
    return { card: importFormCard({ csv, dryRun, report, ...answered }) };
  },
};
