/**
 * What a modal needs to remember between opening and submission, kept in the view's `private_metadata`
 * (at most 3000 characters; https://docs.slack.dev/reference/views). Slack returns it untouched in the signed
 * submission, but it is still parsed defensively: a bad value means "no context", never a crash.
 */
export interface MessageRef {
  channelId: string;
  ts: string;
  threadTs?: string;
}

export interface ModalContext {
  /** The check-in, score, escalation or contract reference the modal is about. */
  subject: string;
  /** The message the modal was opened from, to update in place after the submission. */
  message?: MessageRef;
  /** Opened from the App Home tab: refresh it afterwards. */
  fromHome?: boolean;
  /** The channel a command ran in, for ephemeral follow-ups. */
  channelId?: string;
  /** A KPI key when editing one. */
  kpiKey?: string;
}

export function encodeModalContext(context: ModalContext): string {
  const text = JSON.stringify(context);
  if (text.length > 3000) throw new Error('modal context exceeds the 3000 characters Slack keeps');
  return text;
}

export function decodeModalContext(text: string | undefined | null): ModalContext | null {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const raw = parsed as Record<string, unknown>;
  if (typeof raw.subject !== 'string' || raw.subject === '') return null;
  const context: ModalContext = { subject: raw.subject };
  const message = raw.message as Record<string, unknown> | undefined;
  if (message && typeof message.channelId === 'string' && typeof message.ts === 'string') {
    context.message = { channelId: message.channelId, ts: message.ts };
    if (typeof message.threadTs === 'string') context.message.threadTs = message.threadTs;
  }
  if (raw.fromHome === true) context.fromHome = true;
  if (typeof raw.channelId === 'string') context.channelId = raw.channelId;
  if (typeof raw.kpiKey === 'string') context.kpiKey = raw.kpiKey;
  return context;
}
