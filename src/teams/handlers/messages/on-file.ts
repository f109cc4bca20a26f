import type { IMessageActivity } from '@microsoft/teams.api';
import { isStewardError } from '../../../domain/errors';
import { actorFromActivity } from '../../actor';
import { importFileCard } from '../../cards/import-card';
import { downloadSentFile, isAllowedFileUrl } from '../../file-download';
import { replyForError } from '../errors';
import type { Reply, TeamsHandlerDeps } from '../types';

/** Teams' attachment for a file sent to a bot in a personal chat (the manifest's `supportsFiles`). */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const SPREADSHEET = /\.(csv|txt|xlsx)$/i;

export interface SentFile {
  name: string;
  link: string;
}

/**
 * The spreadsheet a message carries, if any: Teams' download-info attachment, or a plain attachment with a
 * content URL and a spreadsheet's name (as other Bot Framework clients send files).
 */
export function sentFileOf(activity: IMessageActivity): SentFile | undefined {
  for (const attachment of activity.attachments ?? []) {
    const name = attachment.name ?? '';
    if (attachment.contentType === FILE_DOWNLOAD_INFO) {
      const link = (attachment.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
      if (typeof link === 'string') return { name: name || 'The file', link };
    } else if (attachment.contentUrl && SPREADSHEET.test(name)) {
      return { name, link: attachment.contentUrl };
    }
  }
  return undefined;
}

/** A file sent to the bot is read as a contract import and checked like the form's dry run; nothing is written. */
export async function checkSentFile(
  activity: IMessageActivity,
  file: SentFile,
  deps: TeamsHandlerDeps,
): Promise<Reply> {
  const actor = actorFromActivity(activity, { tenantId: deps.tenantId });
  if (!SPREADSHEET.test(file.name)) {
    return {
      card: importFileCard({
        ...file,
        problem: `${file.name} is not a spreadsheet Steward reads: send a .csv or .xlsx file with the import columns ("steward import" shows them).`,
      }),
    };
  }
  const allow = deps.allowFileUrl ?? ((url: URL) => isAllowedFileUrl(url, 'authenticated'));
  try {
    const bytes = await downloadSentFile(file.link, file.name, allow);
    const report = await deps.services.imports.importContracts(actor, bytes, { dryRun: true });
    return { card: importFileCard({ ...file, report }) };
  } catch (error) {
    if (isStewardError(error)) {
      return { card: importFileCard({ ...file, problem: error.userMessage }) };
    }
    return replyForError(error, deps.logger, 'import');
  }
}
