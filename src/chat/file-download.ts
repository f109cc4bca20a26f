import { StewardError } from '../domain/errors';

/** The import service's own limit; a larger file is not read past it. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface FileDownload {
  /** The file's name as the person sees it, for the messages. */
  name: string;
  link: string;
  /** Where the link may point: a file link from chat must not make Steward fetch an address of its choosing. */
  allow: (url: URL) => boolean;
  /** Sent with the request (Slack's private file links want the bot token). */
  headers?: Record<string, string>;
  /** What to do when the link is refused or has expired: "send the file again from Teams". */
  again: string;
  timeoutMs?: number;
}

/**
 * The bytes of a file a person gave Steward in chat, at most MAX_FILE_BYTES (counted as it arrives, whatever
 * the server declared); refusals say what to do instead. Redirects are refused: an expired or unauthorised
 * private link answers with one (to a sign-in page), and following it would read that page as the file.
 */
export async function downloadChatFile(download: FileDownload): Promise<Uint8Array> {
  const { name, link, again } = download;
  const url = URL.canParse(link) ? new URL(link) : undefined;
  const credentialed = url !== undefined && (url.username !== '' || url.password !== '');
  if (!url || credentialed || !download.allow(url)) {
    throw new StewardError('validation', `${name} came with a link Steward does not fetch from; ${again}.`);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(download.timeoutMs ?? 15_000),
      redirect: 'manual',
      ...(download.headers ? { headers: download.headers } : {}),
    });
  } catch {
    throw new StewardError('unavailable', `Steward could not download ${name}; ${again} in a moment.`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new StewardError(
      'unavailable',
      `Steward could not download ${name} (HTTP ${response.status}); the link may have expired: ${again}.`,
    );
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) {
    await response.body.cancel();
    throw tooLarge(name);
  }
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
    `${name} is larger than 2 MB; split it into several files of fewer contracts and import each.`,
    { fieldErrors: { file: 'is larger than 2 MB' } },
  );
}
