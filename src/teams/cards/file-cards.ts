import type { ChatFile } from '../../chat/chat-surface';
import { formatBytes, utcMinute } from '../../chat/labels';
import { type AdaptiveCard, adaptiveCard, type CardElement, literal, paragraph, text } from './adaptive-card';

/**
 * Files as cards. A picture is an Image pointing at its download link (a card holds at most about 28 KB,
 * so a chart cannot travel inside one); without a link (no PUBLIC_URL: tests), inline as a data URI.
 * Any other file is a card with a Download button on its link.
 */
export function fileCard(file: ChatFile): AdaptiveCard {
  if (file.mimeType.startsWith('image/')) {
    return adaptiveCard([...caption(file.comment ?? file.title), picture(file)]);
  }
  const body: CardElement[] = [
    paragraph([literal(`📎 ${file.title}`, { weight: 'Bolder' })]),
    ...(file.comment ? [paragraph([literal(file.comment)], 'Small')] : []),
    paragraph(
      [
        literal(
          `${file.filename} · ${formatBytes(file.content.length)}${file.link ? ` · the link opens it until ${utcMinute(file.link.expiresAt)} UTC` : ''}`,
          { isSubtle: true },
        ),
      ],
      'Small',
    ),
  ];
  return adaptiveCard(body, {
    // The file's kind, not its long name: a button's title is cut after some 40 characters.
    actions: file.link
      ? [{ type: 'Action.OpenUrl', title: `Download ${kindOf(file.filename)}`, url: file.link.url }]
      : [],
  });
}

/** A contract's charts in one message: the heading, then each chart under its caption. */
export function picturesCard(heading: string, files: readonly ChatFile[]): AdaptiveCard {
  return adaptiveCard([
    text(heading, { weight: 'Bolder', size: 'Medium' }),
    ...files.flatMap((file) => [...caption(file.comment ?? file.title, 'Large'), picture(file)]),
  ]);
}

function caption(words: string, spacing?: 'Large'): CardElement[] {
  return [paragraph([literal(words)], spacing)];
}

function picture(file: ChatFile): CardElement {
  const url = file.link?.url ?? `data:${file.mimeType};base64,${file.content.toString('base64')}`;
  return {
    type: 'Image',
    url,
    altText: file.altText ?? file.title,
    size: 'Stretch',
    spacing: 'Small',
    // Opens the picture at full size in the browser, where the chat shows it small.
    ...(file.link
      ? { selectAction: { type: 'Action.OpenUrl', title: `Open ${file.filename}`, url: file.link.url } }
      : {}),
  };
}

function kindOf(filename: string): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1];
  return extension ? extension.toUpperCase() : 'file';
}
