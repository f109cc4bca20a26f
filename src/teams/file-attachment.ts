import type { ChatFile } from '../chat/chat-surface';

/**
 * A file as a message attachment with its content inline as a data URI: Teams shows an `image/png`
 * attachment as a picture, and any other type (CSV, JSON) as a file to open. Sending real files needs the
 * file-consent flow, which only exists in personal chats.
 */
export function fileAttachment(file: ChatFile): { contentType: string; contentUrl: string; name: string } {
  return {
    contentType: file.mimeType,
    contentUrl: `data:${file.mimeType};base64,${file.content.toString('base64')}`,
    name: file.filename,
  };
}
