import type { webApi } from '@slack/bolt';
import { downloadChatFile } from '../chat/file-download';
import { StewardError } from '../domain/errors';

/** A file a person uploaded to Slack for Steward: its id, name and private download link. */
export interface SlackFileRef {
  id: string;
  name: string;
  url: string;
}

/** Reading the files people give Steward in Slack (an import's `file_input`), with the bot token. */
export interface SlackFiles {
  /** The file's bytes, at most 2 MB. */
  read(file: SlackFileRef): Promise<Uint8Array>;
  /** The file as Slack has it now (files.info), to read it again later: a button carries only its id. */
  find(fileId: string): Promise<SlackFileRef>;
}

/** Slack serves private files from files.slack.com (files-*.slack.com, GovSlack's slack-gov.com). */
const SLACK_FILE_HOSTS = /^files(-[a-z0-9-]+)?\.slack(-gov)?\.com$/i;

/**
 * Where a private file link may point, given the Web API's address: Slack's file hosts over https, or the
 * origin of a Web API that is not Slack's own (a proxy or a stand-in), which serves the files too. The bot
 * token travels with the request, so nothing else is ever fetched.
 */
export function slackFileUrlAllowed(url: URL, apiUrl: string | undefined): boolean {
  if (url.protocol === 'https:' && SLACK_FILE_HOSTS.test(url.hostname)) return true;
  if (!apiUrl || !URL.canParse(apiUrl)) return false;
  const api = new URL(apiUrl);
  return api.hostname !== 'slack.com' && api.origin === url.origin;
}

const AGAIN = 'run /steward import again and attach the file';

export function slackFiles(client: webApi.WebClient, token: string, apiUrl: string | undefined): SlackFiles {
  return {
    read: (file) =>
      downloadChatFile({
        name: file.name,
        link: file.url,
        allow: (url) => slackFileUrlAllowed(url, apiUrl),
        headers: { authorization: `Bearer ${token}` },
        again: AGAIN,
      }),
    async find(fileId) {
      let found: { id?: string; name?: string; url_private_download?: string; url_private?: string } | undefined;
      try {
        found = (await client.files.info({ file: fileId })).file;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'file_not_found' || code === 'file_deleted') {
          throw new StewardError('not_found', `The file is no longer in Slack; ${AGAIN}.`, { cause: error });
        }
        throw error;
      }
      const url = found?.url_private_download ?? found?.url_private;
      if (!found || !url) throw new StewardError('not_found', `The file is no longer in Slack; ${AGAIN}.`);
      return { id: fileId, name: found.name ?? 'The file', url };
    },
  };
}
