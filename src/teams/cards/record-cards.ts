import type { AuditVerification, FileResult } from '../../services/service-api';
import { type AdaptiveCard, adaptiveCard, type CardElement, literal, paragraph } from './adaptive-card';

/** `steward audit verify REF`: whether the hash chain holds, and if not, the first event that broke it. */
export function auditVerificationCard(reference: string, verification: AuditVerification): AdaptiveCard {
  if (verification.ok) {
    return adaptiveCard([
      paragraph([
        literal(`✅ The audit trail of ${reference} holds: all ${verification.count} events check out.`, {
          weight: 'Bolder',
          color: 'Good',
        }),
      ]),
      paragraph(
        [
          literal(
            'Each event’s hash covers its content and the event before it, so no event was altered, removed or reordered.',
            { isSubtle: true },
          ),
        ],
        'Small',
      ),
    ]);
  }
  return adaptiveCard([
    paragraph([
      literal(
        `⚠️ The audit trail of ${reference} is broken at event ${verification.brokenAt}: ${verification.reason}.`,
        {
          weight: 'Bolder',
          color: 'Attention',
        },
      ),
    ]),
    paragraph(
      [
        literal(
          `The ${verification.count} event${verification.count === 1 ? '' : 's'} before it check out; from event ${verification.brokenAt} on, the trail cannot be trusted. "steward audit export ${reference} json" keeps a copy with its hashes for whoever investigates.`,
        ),
      ],
      'Small',
    ),
  ]);
}

/**
 * The answer to a command that made files (charts, exports, a claim pack): what was made, and for each
 * file whether it was posted in the chat or comes attached to this card.
 */
export function filesCard(
  headline: string,
  files: readonly FileResult[],
  lines: readonly string[] = [],
  conversationId?: string,
): AdaptiveCard {
  const where = (result: FileResult) => {
    if (!result.posted) return 'attached below';
    return conversationId === undefined || result.posted.channelId === conversationId
      ? 'posted in this chat'
      : 'sent to your chat with Steward';
  };
  const body: CardElement[] = [
    paragraph([literal(`📎 ${headline}`, { weight: 'Bolder' })]),
    ...lines.map((line) => paragraph([literal(line)], 'Small')),
    ...files.map((result) =>
      paragraph([literal(`${result.file.filename}: ${where(result)}`, { isSubtle: true })], 'None'),
    ),
  ];
  return adaptiveCard(body);
}
