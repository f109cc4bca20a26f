import { IMPORT_FORM, importInput } from '../../../chat/forms';
import { isStewardError, StewardError } from '../../../domain/errors';
import { decimalMarkQuestionText, sheetsReadText } from '../../../reports/contract-import';
import type { ImportReport } from '../../../services/service-api';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import { importProblems, importReportMessage } from '../../blocks/records';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues, type UploadedFileRef, uploadedFile } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** What fits under the CSV field: Slack shows a short line there, so the full list also goes out privately. */
const INLINE_CHARACTERS = 280;

/**
 * The import modal: a pasted CSV or an attached file (read with the bot token). The file is always checked
 * first (a dry run writes nothing); a bad row keeps the modal open with the problems by line and column under
 * the CSV or the file, so the person fixes them where they gave them. Only a clean file, with "Dry run only"
 * unticked, is imported; a clean attached file checked in a dry run comes back with a button that imports it.
 */
export function contractImport(deps: SlackDeps) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const values = readViewValues(view);
    await submitModal({
      ack,
      view,
      body,
      client,
      deps,
      run: async () => {
        const context = modalContextOf(view);
        const actor = await submitter(deps, body, context);
        const { csv, fileId, dryRun, decimalMark, sheet } = importInput(readForm(IMPORT_FORM, values));
        const upload = fileId === undefined ? undefined : uploadedFile(values, 'file');
        const source = upload ? await readUpload(deps, upload) : (csv ?? '');
        const field = upload ? 'file' : 'csv';
        const answered = { ...(decimalMark ? { decimalMark } : {}), ...(sheet ? { sheet } : {}) };
        const check = await deps.services.imports.importContracts(actor, source, { dryRun: true, ...answered });
        if (check.question) {
          // Asked under the choice that answers it; the file stays where it was given, so pressing the button
          // again checks the same file with the answer.
          const question = decimalMarkQuestionText(check.question);
          throw new StewardError('validation', question, {
            fieldErrors: { decimalMark: `${question} Choose one here and press Check or import again.` },
          });
        }
        if (!check.ok) {
          const inline = inlineProblems(check);
          if (inline.cut) await confirmPrivately(client, body.user.id, context.channelId, fullList(check));
          // The rows may be right on another sheet (the first is often a cover or notes sheet): said under Sheet.
          const otherSheets: Record<string, string> = check.sheets
            ? { sheet: `${sheetsReadText(check.sheets)} Name the one to read here and press Check or import again.` }
            : {};
          throw new StewardError('validation', importProblems(check).join(' '), {
            fieldErrors: { [field]: inline.text, ...otherSheets },
          });
        }
        const report = dryRun
          ? check
          : await deps.services.imports.importContracts(actor, source, { dryRun: false, ...answered });
        return { report, context, ...(upload && dryRun ? { fileId: upload.id, ...answered } : {}) };
      },
      after: async ({ report, context, ...file }) => {
        const { text, blocks } = importReportMessage(report, file);
        await confirmPrivately(client, body.user.id, context.channelId, text, blocks);
      },
      lateMessage: ({ report }) => importReportMessage(report).text,
    });
  };
}

/** The attached file's bytes; a refusal (too large, not downloadable) is shown under the file field. */
async function readUpload(deps: SlackDeps, upload: UploadedFileRef): Promise<Uint8Array> {
  try {
    return await deps.files.read(upload);
  } catch (error) {
    if (!isStewardError(error)) throw error;
    throw new StewardError('validation', error.userMessage, { fieldErrors: { file: error.userMessage } });
  }
}

function inlineProblems(report: ImportReport): { text: string; cut: boolean } {
  const count = `${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}, nothing imported: `;
  const lines = importProblems(report);
  let text = count;
  let shown = 0;
  for (const line of lines) {
    const next = `${shown > 0 ? ' · ' : ''}${line}`;
    if (text.length + next.length > INLINE_CHARACTERS) break;
    text += next;
    shown += 1;
  }
  if (shown === 0) text += (lines[0] ?? '').slice(0, INLINE_CHARACTERS - text.length);
  const cut = shown < lines.length;
  if (cut) text += ` · …${lines.length - Math.max(shown, 1)} more, sent to you privately.`;
  return { text, cut };
}

/** Every problem (up to 40), escaped: the file's values are the person's text. */
function fullList(report: ImportReport): string {
  const { text } = importReportMessage(report);
  return `${text}\n${importProblems(report, 40)
    .map((line) => `• ${escapeMrkdwn(line)}`)
    .join('\n')}`;
}
