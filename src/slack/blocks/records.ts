import { importFileLabel } from '../../chat/actions';
import { IMPORT_FORM } from '../../chat/forms';
import { problemPlace, sheetsReadText } from '../../reports/contract-import';
import type { AuditVerification, FileResult, ImportReport } from '../../services/service-api';
import { VIEW } from '../ids';
import { encodeModalContext, type ModalContext } from '../modal-context';
import { formBlocks } from './form';
import { actionButton, actions, context, type KnownBlock, type ModalView, modal, plain, section } from './kit';
import { escapeMrkdwn } from './mrkdwn';

/** Where a file Steward made was posted, for the private reply: a channel, the person's DM, or nowhere. */
export function fileWhere(result: FileResult): string {
  const posted = result.posted;
  if (!posted) {
    return 'could not be posted: invite Steward to this channel, or run the command in a direct message with Steward';
  }
  return posted.channelId.startsWith('D')
    ? 'is in your direct messages with Steward'
    : `was posted in <#${posted.channelId}>`;
}

/** `/steward audit verify REF`. */
export function auditVerificationMessage(reference: string, verification: AuditVerification): string {
  const ref = escapeMrkdwn(reference);
  if (verification.ok) {
    return `:white_check_mark: The audit trail of *${ref}* checks out: all ${verification.count} events are intact and in order.`;
  }
  return `:rotating_light: The audit trail of *${ref}* is broken at *event ${verification.brokenAt}*: ${escapeMrkdwn(verification.reason)}. The ${verification.count} events before it check out. Tell your Steward admin; the export keeps the evidence.`;
}

/** `/steward audit export REF csv|json`. */
export function auditExportMessage(
  reference: string,
  result: FileResult & { verification: AuditVerification },
): string {
  const state = result.verification.ok
    ? 'its hash chain checks out'
    : `:warning: its hash chain is broken at event ${result.verification.brokenAt}`;
  return `:page_facing_up: The audit trail of *${escapeMrkdwn(reference)}* (${escapeMrkdwn(result.file.filename)}) ${fileWhere(result)}; ${state}.`;
}

/** `/steward export …`. */
export function exportMessage(result: FileResult & { count: number }): string {
  return `:page_facing_up: ${escapeMrkdwn(result.file.title)}: ${result.count} record${result.count === 1 ? '' : 's'} in ${escapeMrkdwn(result.file.filename)}, which ${fileWhere(result)}.`;
}

/** `/steward charts REF`. */
export function chartsMessage(reference: string, results: FileResult[]): string {
  const ref = escapeMrkdwn(reference);
  const first = results.find((result) => result.posted) ?? results[0];
  if (!first) return `There are no charts of *${ref}* to show yet.`;
  const posted = results.filter((result) => result.posted).length;
  if (posted === 0) return `The charts of *${ref}* ${fileWhere(first)}.`;
  const where = posted === 1 ? fileWhere(first) : fileWhere(first).replace(/^was /, 'were ').replace(/^is /, 'are ');
  return `:bar_chart: ${posted} chart${posted === 1 ? '' : 's'} of *${ref}* ${where}.`;
}

/** `/steward portfolio`. */
export function portfolioMessage(result: FileResult): string {
  return `:bar_chart: ${escapeMrkdwn(result.file.title)} ${fileWhere(result)}: each month's contracts by green, amber and red, and the vendors with the most red.`;
}

const IMPORT_FILE_BLOCK = 'import_file';

export type DecimalMark = 'point' | 'comma';

/**
 * What "Import N contracts" carries: the Slack file's id, the decimal mark the person chose for it and the sheet,
 * so the import reads the file as the dry run did. Slack file ids are letters and digits, so a space separates
 * them; a sheet's name is the person's text (spaces, anything), so it goes last and takes the rest.
 */
export function importFileButtonValue(fileId: string, decimalMark?: DecimalMark, sheet?: string): string {
  if (sheet) return `${fileId} ${decimalMark ?? '-'} ${sheet}`;
  return decimalMark ? `${fileId} ${decimalMark}` : fileId;
}

export function readImportFileButton(value: string): { fileId: string; decimalMark?: DecimalMark; sheet?: string } {
  const [fileId = '', mark, ...sheetWords] = value.split(' ');
  const sheet = sheetWords.join(' ');
  return {
    fileId,
    ...(mark === 'point' || mark === 'comma' ? { decimalMark: mark } : {}),
    ...(sheet ? { sheet } : {}),
  };
}

/** `/steward import`: paste the CSV; a dry run checks it without writing anything. */
export function importModal(ctx: ModalContext): ModalView {
  return modal({
    callbackId: VIEW.contractImport,
    title: 'Import contracts',
    submit: 'Check or import',
    privateMetadata: encodeModalContext(ctx),
    blocks: [
      section(
        'Paste a CSV, or attach a .csv or .xlsx file, with a header row and one row per KPI: `contract_ref, title, vendor, value, currency, start_date, end_date, owner_email` or `owner_slack_id`, then `kpi_key, kpi_name, kind, direction, baseline, target, warning, breach, cadence, respondent` (and the optional columns). Imported contracts start as drafts.',
      ),
      // Slack's text input takes at most 3,000 characters; a larger portfolio comes as a file.
      ...formBlocks(IMPORT_FORM, { dryRun: true }).map((block) =>
        block.block_id === 'csv' && block.element.type === 'plain_text_input'
          ? {
              ...block,
              element: { ...block.element, max_length: 3000, placeholder: plain('contract_ref,title,vendor,…') },
            }
          : block,
      ),
    ],
  });
}

/** The problems of a file, one per line: `Line 3, start_date: …`, or `Sheet Verträge, cell F3 (start_date): …`. */
export function importProblems(report: Pick<ImportReport, 'errors'>, max = report.errors.length): string[] {
  const lines = report.errors.slice(0, max).map((error) => `${problemPlace(error)}: ${error.message}`);
  if (report.errors.length > max) lines.push(`…and ${report.errors.length - max} more.`);
  return lines;
}

/** Contracts listed by name under an import; the rest are counted (a portfolio of hundreds passes a block's size). */
const CONTRACTS_LISTED = 20;

/**
 * What a dry run or an import did, privately. A good dry run of an attached file carries the button that imports
 * the same file (Slack keeps it; the button holds its id), so the person need not attach it again.
 */
export function importReportMessage(
  report: ImportReport,
  options: { fileId?: string; decimalMark?: DecimalMark; sheet?: string } = {},
): { text: string; blocks: KnownBlock[] } {
  // A workbook's other sheets, and how to read one of them instead.
  const sheets = report.sheets
    ? `\n${escapeMrkdwn(sheetsReadText(report.sheets))} To read another, run \`/steward import\` again with its name under Sheet.`
    : '';
  const contracts = report.contracts
    .slice(0, CONTRACTS_LISTED)
    .map(
      (contract) =>
        `• *${escapeMrkdwn(contract.reference)}* · ${escapeMrkdwn(contract.title)} (line ${contract.line}, ${contract.kpis} KPI${contract.kpis === 1 ? '' : 's'})`,
    );
  if (!report.ok) {
    const problems = importProblems(report, 40).map((line) => `• ${escapeMrkdwn(line)}`);
    const text = `Dry run: ${report.errors.length} problem${report.errors.length === 1 ? '' : 's'} in the file; nothing was imported.`;
    return { text, blocks: [section(`:x: ${text}\n${problems.join('\n')}${sheets}`)] };
  }
  if (report.contracts.length > CONTRACTS_LISTED) {
    contracts.push(`…and ${report.contracts.length - CONTRACTS_LISTED} more.`);
  }
  const text = report.dryRun
    ? `Dry run: the file is good. Importing it would create ${report.contracts.length} draft contract${report.contracts.length === 1 ? '' : 's'}; nothing was imported yet.`
    : `Imported ${report.contracts.length} contract${report.contracts.length === 1 ? '' : 's'} as drafts.`;
  // How the file was read (separator, encoding, decimal mark, sheet): what to check when a number looks wrong.
  const readAs = report.format ? `\n_Read as ${escapeMrkdwn(report.format)}._` : '';
  return {
    text,
    blocks: [
      section(`:${report.dryRun ? 'mag' : 'white_check_mark'}: ${text}\n${contracts.join('\n')}${readAs}${sheets}`),
      report.dryRun && options.fileId
        ? actions(IMPORT_FILE_BLOCK, [
            actionButton(
              'importFile',
              importFileButtonValue(options.fileId, options.decimalMark, options.sheet),
              importFileLabel(report.contracts.length),
            ),
          ])
        : context(
            report.dryRun
              ? 'Run `/steward import` again without “Dry run only” to import it.'
              : 'Set each one’s roles, escalation path and channels, then activate it with `/steward status REF active`.',
          ),
    ],
  };
}
