import { downloadChatFile } from '../chat/file-download';

const SHAREPOINT_HOSTS = /(^|\.)sharepoint(-df)?\.(com|us|de|cn)$/i;
const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * Where a file sent to the bot may be fetched from: Teams hands over a pre-authenticated SharePoint/OneDrive
 * download link, so anything else is refused (a forged activity must not make Steward fetch an address of its
 * choosing). The sandbox also takes loopback links, as the Agents Playground and tests serve them.
 */
export function isAllowedFileUrl(url: URL, mode: 'authenticated' | 'sandbox'): boolean {
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:' && SHAREPOINT_HOSTS.test(url.hostname)) return true;
  return (
    mode === 'sandbox' && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.test(url.hostname)
  );
}

/** The bytes of a file sent to the bot (src/chat/file-download.ts), with Teams' words for trying again. */
export function downloadSentFile(link: string, name: string, allow: (url: URL) => boolean): Promise<Uint8Array> {
  return downloadChatFile({ name, link, allow, again: 'send the file again from Teams' });
}
