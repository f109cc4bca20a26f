import { isStewardError } from '../../../domain/errors';
import { escapeMrkdwn } from '../../blocks/mrkdwn';
import { importReportMessage, readImportFileButton } from '../../blocks/records';
import type { SlackDeps } from '../../deps';
import { type ButtonArgs, buttonValue } from './button-args';

/**
 * "Import N contracts" under a good dry run of an attached file: the same file is read again from Slack and
 * imported whole, or not at all (the service refuses while any row is bad, e.g. a contract imported meanwhile);
 * the private message is replaced by what happened, so the button cannot be pressed twice by mistake.
 */
export function contractImportFile(deps: SlackDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const { fileId, decimalMark, sheet } = readImportFileButton(buttonValue(action));
    const actor = await deps.actors.fromInteraction(body);
    try {
      const file = await deps.files.find(fileId);
      const bytes = await deps.files.read(file);
      const report = await deps.services.imports.importContracts(actor, bytes, {
        dryRun: false,
        ...(decimalMark ? { decimalMark } : {}),
        ...(sheet ? { sheet } : {}),
      });
      const { text, blocks } = importReportMessage(report);
      await respond({ replace_original: true, text, blocks });
    } catch (error) {
      // The service's refusal names the rows and what to do; the file's values in it are the person's text.
      if (!isStewardError(error)) throw error;
      await respond({ replace_original: true, text: `:x: ${escapeMrkdwn(error.userMessage)}` });
    }
  };
}
