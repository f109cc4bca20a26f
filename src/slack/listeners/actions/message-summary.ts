/**
 * The mrkdwn of one block of the message a button was pressed on (Steward wrote and escaped it), to remind the
 * person in a modal what they act on. Null when the payload carries no message (Home tab, some ephemerals).
 */
export function blockText(blocks: unknown, blockId: string): string | null {
  if (!Array.isArray(blocks)) return null;
  const block = blocks.find(
    (candidate) =>
      candidate && typeof candidate === 'object' && (candidate as { block_id?: unknown }).block_id === blockId,
  ) as { text?: { text?: unknown } } | undefined;
  return typeof block?.text?.text === 'string' ? block.text.text : null;
}
