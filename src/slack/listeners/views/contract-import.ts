import { IMPORT_FORM, importInput } from '../../../chat/forms';
import { StewardError } from '../../../domain/errors';
import type { ImportReport } from '../../../services/service-api';
import { readForm } from '../../blocks/form';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import { importProblems, importReportMessage } from '../../blocks/records';
import type { SlackDeps } from '../../deps';
import { submitModal } from '../../interactions';
import { confirmPrivately } from '../../message-updates';
import { readViewValues } from '../../view-state';
import { modalContextOf, type SubmitArgs, submitter } from './view-args';

/** What fits under the CSV field: Slack shows a short line there, so the full list also goes out privately. */
const INLINE_CHARACTERS = 280;

/**
 * The import modal. The file is always checked first (a dry run writes nothing); a bad row keeps the modal open
 * with the problems by line and column under the CSV, so the person fixes them where they pasted it. Only a
 * clean file, with "Dry run only" unticked, is imported.
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
        const { csv, dryRun } = importInput(readForm(IMPORT_FORM, values));
        const check = await deps.services.imports.importContracts(actor, csv, { dryRun: true });
        if (!check.ok) {
          const inline = inlineProblems(check);
          if (inline.cut) await confirmPrivately(client, body.user.id, context.channelId, fullList(check));
          throw new StewardError('validation', importProblems(check).join(' '), {
            fieldErrors: { csv: inline.text },
          });
        }
        const report = dryRun ? check : await deps.services.imports.importContracts(actor, csv, { dryRun: false });
        return { report, context };
      },
      after: async ({ report, context }) => {
        await confirmPrivately(client, body.user.id, context.channelId, importReportMessage(report).text);
      },
      lateMessage: ({ report }) => importReportMessage(report).text,
    });
  };
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
