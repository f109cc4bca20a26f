import type { ChatFile } from '../chat/chat-surface';

export type FileAttachment =
  | { contentType: string; contentUrl: string; name: string }
  | { contentType: 'application/vnd.microsoft.card.adaptive'; name: string; content: Record<string, unknown> };

/**
 * A file as a message attachment with its content inline as a data URI: Teams shows an `image/png`
 * attachment as a picture, and any other type (CSV, JSON) as a file to open. Sending real files needs the
 * file-consent flow, which only exists in personal chats.
 *
 * A picture with alt text goes in an Adaptive Card instead, as an Image with `altText`: a bare image
 * attachment has nowhere to carry it, and screen readers would announce only the file name.
 */
export function fileAttachment(file: ChatFile): FileAttachment {
  const contentUrl = `data:${file.mimeType};base64,${file.content.toString('base64')}`;
  if (file.altText && file.mimeType.startsWith('image/')) {
    return {
      contentType: 'application/vnd.microsoft.card.adaptive',
      name: file.filename,
      content: {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        body: [{ type: 'Image', url: contentUrl, altText: file.altText, size: 'Stretch' }],
      },
    };
  }
  return { contentType: file.mimeType, contentUrl, name: file.filename };
}
