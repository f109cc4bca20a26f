/**
 * The cards a person's click is being answered on right now (Action.Execute), by conversation and message.
 *
 * Why: a service redraws every message that shows what changed, and the click's own answer redraws the card
 * clicked as well. Two updates of one message race in the client: seen in the Agents Playground under load, the
 * service's update of a just-answered check-in arrived after the person had opened "Correct…" and put the
 * answered card back over the form they were typing in. While a click is being answered, the service's update of
 * that card is held; when the answer draws the card it is dropped (the card is drawn once), and when the answer
 * is only a message it is sent then.
 */
export class CardsBeingAnswered {
  private readonly answering = new Map<string, Array<() => Promise<void>>>();

  /** Marks the card as being answered; `end` says whether the answer drew the card itself. */
  begin(conversationId: string, messageId: string | undefined): { end(answerDrewCard: boolean): Promise<void> } {
    if (!messageId) return { end: async () => undefined };
    const key = keyOf(conversationId, messageId);
    // A second click on the same card while the first is answered: its updates join the first one's.
    if (this.answering.has(key)) return { end: async () => undefined };
    const held: Array<() => Promise<void>> = [];
    this.answering.set(key, held);
    return {
      end: async (answerDrewCard) => {
        this.answering.delete(key);
        if (!answerDrewCard) for (const update of held.splice(0)) await update();
      },
    };
  }

  /** True when the card is being answered: the update is held (see the class comment) instead of sent. */
  hold(conversationId: string, messageId: string, update: () => Promise<void>): boolean {
    const held = this.answering.get(keyOf(conversationId, messageId));
    if (!held) return false;
    held.push(update);
    return true;
  }
}

/** A channel thread's conversation id carries `;messageid=…`; the card is the same message either way. */
function keyOf(conversationId: string, messageId: string): string {
  return `${conversationId.split(';')[0]}\u0000${messageId}`;
}
