import type { CheckinPromptView, EscalationView, PostedMessage } from '../chat/chat-surface';

/**
 * What Teams needs to reach a conversation later (a proactive message): its id, the service URL the
 * activities came from, and the bot's own account there. Every inbound activity refreshes it, because
 * Teams may move a tenant to another service URL.
 */
export interface ConversationReference {
  conversationId: string;
  serviceUrl: string;
  conversationType?: string;
  tenantId?: string;
  bot: { id: string; name?: string };
  /** For personal chats: the person's Entra object id, so `directDestination` finds their chat with the bot. */
  userAadObjectId?: string;
  updatedAt: Date;
}

/**
 * Where the Teams surface keeps conversation references, the last prompt shown in each posted card
 * (to re-render a grouped prompt after one of its check-ins changes), and prompt keys (to find a prompt
 * already posted). The in-memory one is what runs today; a database-backed one can replace it
 * without touching the surface.
 */
export interface TeamsConversationStore {
  saveReference(reference: ConversationReference): Promise<void>;
  reference(conversationId: string): Promise<ConversationReference | undefined>;
  personalChatOf(aadObjectId: string): Promise<ConversationReference | undefined>;
  /** Any reference, most recent first: where to find the service URL and tenant when creating a chat. */
  latestReference(): Promise<ConversationReference | undefined>;
  savePrompt(message: PostedMessage, prompt: CheckinPromptView, promptKey?: string): Promise<void>;
  promptOf(conversationId: string, messageId: string): Promise<CheckinPromptView | undefined>;
  findPrompt(conversationId: string, promptKey: string, since: Date): Promise<PostedMessage | null>;
  /** The last escalation shown in a posted card, to show the card again with a rejected form's messages. */
  saveEscalation(message: PostedMessage, escalation: EscalationView): Promise<void>;
  escalationOf(conversationId: string, messageId: string): Promise<EscalationView | undefined>;
}

/** Bounded, process-local: after a restart references come back with the next message from each conversation. */
export class InMemoryTeamsConversationStore implements TeamsConversationStore {
  private readonly references = new Map<string, ConversationReference>();
  private readonly escalations = new Map<string, EscalationView>();
  private readonly prompts = new Map<
    string,
    { message: PostedMessage; prompt: CheckinPromptView; promptKey?: string; at: Date }
  >();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly limit = 10_000,
  ) {}

  async saveReference(reference: ConversationReference): Promise<void> {
    this.references.delete(reference.conversationId);
    this.references.set(reference.conversationId, reference);
    trim(this.references, this.limit);
  }

  async reference(conversationId: string): Promise<ConversationReference | undefined> {
    return this.references.get(conversationId);
  }

  async personalChatOf(aadObjectId: string): Promise<ConversationReference | undefined> {
    const wanted = aadObjectId.toLowerCase();
    let found: ConversationReference | undefined;
    for (const reference of this.references.values()) {
      if (reference.conversationType === 'personal' && reference.userAadObjectId?.toLowerCase() === wanted)
        found = reference;
    }
    return found;
  }

  async latestReference(): Promise<ConversationReference | undefined> {
    let last: ConversationReference | undefined;
    for (const reference of this.references.values()) last = reference;
    return last;
  }

  async savePrompt(message: PostedMessage, prompt: CheckinPromptView, promptKey?: string): Promise<void> {
    const key = `${message.channelId}|${message.messageId}`;
    const previous = this.prompts.get(key);
    this.prompts.delete(key);
    this.prompts.set(key, {
      message,
      prompt,
      promptKey: promptKey ?? previous?.promptKey,
      at: previous?.at ?? this.clock(),
    });
    trim(this.prompts, this.limit);
  }

  async promptOf(conversationId: string, messageId: string): Promise<CheckinPromptView | undefined> {
    return this.prompts.get(`${conversationId}|${messageId}`)?.prompt;
  }

  async saveEscalation(message: PostedMessage, escalation: EscalationView): Promise<void> {
    const key = `${message.channelId}|${message.messageId}`;
    this.escalations.delete(key);
    this.escalations.set(key, escalation);
    trim(this.escalations, this.limit);
  }

  async escalationOf(conversationId: string, messageId: string): Promise<EscalationView | undefined> {
    return this.escalations.get(`${conversationId}|${messageId}`);
  }

  async findPrompt(conversationId: string, promptKey: string, since: Date): Promise<PostedMessage | null> {
    for (const entry of this.prompts.values()) {
      if (entry.message.channelId === conversationId && entry.promptKey === promptKey && entry.at >= since)
        return entry.message;
    }
    return null;
  }
}

function trim<K, V>(map: Map<K, V>, limit: number): void {
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
