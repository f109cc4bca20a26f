import type { IncomingMessage, ServerResponse } from 'node:http';
import { FILE_LINK_PATH, type FileLinks } from '../services/file-links';

/**
 * GET /files/{id}/{name}?t={token}: the file behind a download link, or a short page saying why the link
 * does not open it (changed, for another file, expired, internal data from a vendor's link).
 */
export function fileLinkRoute(links: FileLinks) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Download links are opened with GET.\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://steward.invalid');
    const [fileId = ''] = url.pathname.slice(FILE_LINK_PATH.length + 1).split('/');
    const opened = await links.open(fileId, url.searchParams.get('t') ?? undefined);
    if (!opened.ok) {
      const body = `${opened.message}\n`;
      res.writeHead(opened.status, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const { file } = opened;
    const picture = file.mimeType.startsWith('image/');
    const type = file.mimeType.startsWith('text/') ? `${file.mimeType}; charset=utf-8` : file.mimeType;
    res.writeHead(200, {
      'content-type': type,
      'content-length': file.content.length,
      // A picture shows in the chat client and the browser; anything else downloads under its own name.
      'content-disposition': `${picture ? 'inline' : 'attachment'}; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  };
}

function asciiName(filename: string): string {
  return filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
