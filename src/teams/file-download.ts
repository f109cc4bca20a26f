import { StewardError } from '../domain/errors';

/** The import service's own limit; a larger file is not read past it. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
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

/** The bytes of a file sent to the bot, at most MAX_FILE_BYTES; refusals say what to do instead. */
export async function downloadSentFile(
  link: string,
  name: string,
  allow: (url: URL) => boolean,
  timeoutMs = 15_000,
): Promise<Uint8Array> {
  const url = URL.canParse(link) ? new URL(link) : undefined;
  if (!url || !allow(url)) {
    throw new StewardError(
      'validation',
      `${name} came with a link Steward does not fetch from; send the file again from Teams.`,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch {
    throw new StewardError('unavailable', `Steward could not download ${name}; send it again in a moment.`);
  }
  if (!response.ok || !response.body) {
    throw new StewardError(
      'unavailable',
      `Steward could not download ${name} (HTTP ${response.status}); the link may have expired: send the file again.`,
    );
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) throw tooLarge(name);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FILE_BYTES) {
      await reader.cancel();
      throw tooLarge(name);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string): StewardError {
  return new StewardError(
    'validation',
    `${name} is larger than 2 MB; split it into several files of fewer contracts and send each.`,
    { fieldErrors: { file: 'is larger than 2 MB' } },
  );
}
