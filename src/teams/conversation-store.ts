import type { CheckinPromptView, EscalationView, PostedMessage } from '../chat/chat-surface';
import type { Logger } from '../logger';
import type { TeamsConversationRepository, TeamsMessageRecord } from '../store/teams-conversations';

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
 * already posted). `CachedTeamsConversationStore` keeps them in the database with the in-memory store in
 * front; the in-memory one alone serves tests and runs without a database.
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

/** Bounded, process-local: alone, references come back after a restart only with the next message from each conversation. */
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
      // A grouped card's key lists the ids of every check-in on it.
      const listed = entry.promptKey?.split(',').includes(promptKey) ?? false;
      if (entry.message.channelId === conversationId && listed && entry.at >= since) return entry.message;
    }
    return null;
  }
}

/**
 * The database behind an in-memory cache, so proactive sends, `findPostedPrompt` and the redraw of posted
 * cards survive a restart and work across replicas.
 *
 * - References are read from the cache first: every inbound activity refreshes both, and a reference
 *   rarely changes (Teams moving a tenant's service URL is the one case, and the next activity fixes it).
 * - Posted cards' views are read from the database first, because another replica may have redrawn the
 *   card since (a grouped prompt answered there); the cache answers when the database cannot.
 * - Writes go to the cache, then the database. A database failure is logged, not thrown: the message was
 *   already posted, and failing the caller would make it post again; this process still remembers it.
 */
export class CachedTeamsConversationStore implements TeamsConversationStore {
  private readonly cache: InMemoryTeamsConversationStore;
  /** Conversations whose latest reference is in memory only (the database write failed). */
  private readonly unsaved = new Set<string>();

  constructor(
    private readonly repository: TeamsConversationRepository,
    private readonly options: { clock?: () => Date; logger?: Logger; cache?: InMemoryTeamsConversationStore } = {},
  ) {
    this.cache = options.cache ?? new InMemoryTeamsConversationStore(options.clock);
  }

  async saveReference(reference: ConversationReference): Promise<void> {
    // Every activity brings the reference again; the database is written when it changed, when the last
    // write failed, or now and then, so `latestReference` (newest `updatedAt`) stays meaningful across replicas.
    const cached = await this.cache.reference(reference.conversationId);
    const fresh =
      cached !== undefined &&
      !this.unsaved.has(reference.conversationId) &&
      sameReference(cached, reference) &&
      reference.updatedAt.getTime() - cached.updatedAt.getTime() < REWRITE_AFTER_MS;
    if (fresh) return;
    await this.cache.saveReference(reference);
    try {
      await this.repository.saveReference(reference);
      this.unsaved.delete(reference.conversationId);
    } catch (error) {
      this.unsaved.add(reference.conversationId);
      this.options.logger?.warn(
        { err: error },
        'could not save a conversation reference in the database; kept in memory only',
      );
    }
  }

  async reference(conversationId: string): Promise<ConversationReference | undefined> {
    const cached = await this.cache.reference(conversationId);
    if (cached) return cached;
    return this.remember(
      await this.read('read a conversation reference', () => this.repository.reference(conversationId)),
    );
  }

  async personalChatOf(aadObjectId: string): Promise<ConversationReference | undefined> {
    const cached = await this.cache.personalChatOf(aadObjectId);
    if (cached) return cached;
    return this.remember(await this.read('find a personal chat', () => this.repository.personalChatOf(aadObjectId)));
  }

  async latestReference(): Promise<ConversationReference | undefined> {
    // Across replicas the newest is in the database; it is asked only when a chat must be created.
    const stored = await this.read('read the latest reference', () => this.repository.latestReference());
    return stored ?? this.cache.latestReference();
  }

  async savePrompt(message: PostedMessage, prompt: CheckinPromptView, promptKey?: string): Promise<void> {
    await this.cache.savePrompt(message, prompt, promptKey);
    await this.bestEffort('save a posted prompt', () =>
      this.repository.saveMessage({
        ...messageKey(message),
        kind: 'checkin-prompt',
        ...(promptKey ? { promptKey } : {}),
        view: prompt,
      }),
    );
  }

  async promptOf(conversationId: string, messageId: string): Promise<CheckinPromptView | undefined> {
    const stored = await this.read('read a posted prompt', () =>
      this.repository.message(conversationId, messageId, 'checkin-prompt'),
    );
    return stored ? (stored.view as unknown as CheckinPromptView) : this.cache.promptOf(conversationId, messageId);
  }

  async findPrompt(conversationId: string, promptKey: string, since: Date): Promise<PostedMessage | null> {
    const cached = await this.cache.findPrompt(conversationId, promptKey, since);
    if (cached) return cached;
    const stored = await this.read('find a posted prompt', () =>
      this.repository.findPrompt(conversationId, promptKey, since),
    );
    return stored ? postedMessageOf(stored) : null;
  }

  async saveEscalation(message: PostedMessage, escalation: EscalationView): Promise<void> {
    await this.cache.saveEscalation(message, escalation);
    await this.bestEffort('save a posted escalation', () =>
      this.repository.saveMessage({ ...messageKey(message), kind: 'escalation', view: escalation }),
    );
  }

  async escalationOf(conversationId: string, messageId: string): Promise<EscalationView | undefined> {
    const stored = await this.read('read a posted escalation', () =>
      this.repository.message(conversationId, messageId, 'escalation'),
    );
    return stored ? (stored.view as unknown as EscalationView) : this.cache.escalationOf(conversationId, messageId);
  }

  private async remember(reference: ConversationReference | null): Promise<ConversationReference | undefined> {
    if (!reference) return undefined;
    await this.cache.saveReference(reference);
    return reference;
  }

  private async bestEffort(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.options.logger?.warn({ err: error }, `could not ${what} in the database; kept in memory only`);
    }
  }

  private async read<T>(what: string, run: () => Promise<T | null>): Promise<T | null> {
    try {
      return await run();
    } catch (error) {
      this.options.logger?.warn({ err: error }, `could not ${what} from the database; using memory only`);
      return null;
    }
  }
}

/** An unchanged reference is written to the database again only after this long. */
const REWRITE_AFTER_MS = 15 * 60_000;

function sameReference(a: ConversationReference, b: ConversationReference): boolean {
  return (
    a.serviceUrl === b.serviceUrl &&
    a.conversationType === b.conversationType &&
    a.tenantId === b.tenantId &&
    a.bot.id === b.bot.id &&
    a.bot.name === b.bot.name &&
    a.userAadObjectId === b.userAadObjectId
  );
}

function messageKey(message: PostedMessage) {
  return {
    conversationId: message.channelId,
    messageId: message.messageId,
    ...(message.threadId ? { threadId: message.threadId } : {}),
    ...(message.serviceUrl ? { serviceUrl: message.serviceUrl } : {}),
  };
}

function postedMessageOf(record: TeamsMessageRecord): PostedMessage {
  const message: PostedMessage = { surface: 'teams', channelId: record.conversationId, messageId: record.messageId };
  if (record.threadId) message.threadId = record.threadId;
  if (record.serviceUrl) message.serviceUrl = record.serviceUrl;
  return message;
}

function trim<K, V>(map: Map<K, V>, limit: number): void {
  while (map.size > limit) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
