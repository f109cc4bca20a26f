import type {
  ChatDestination,
  ChatFile,
  ChatNotice,
  ChatSurface,
  CheckinPromptView,
  EscalationView,
  PostedMessage,
  ScorecardDigestView,
  SurfaceName,
} from '../../src/chat/chat-surface';
import type { Person } from '../../src/domain/types';

export type RecordedPost =
  | {
      kind: 'prompt';
      destination: ChatDestination;
      prompt: CheckinPromptView;
      promptKey: string;
      message: PostedMessage;
    }
  | { kind: 'prompt-update'; message: PostedMessage; prompt: CheckinPromptView }
  | { kind: 'escalation'; destination: ChatDestination; escalation: EscalationView; message: PostedMessage }
  | { kind: 'escalation-update'; message: PostedMessage; escalation: EscalationView }
  | { kind: 'notice'; destination: ChatDestination; notice: ChatNotice; message: PostedMessage }
  | { kind: 'scorecard'; destination: ChatDestination; digest: ScorecardDigestView; message: PostedMessage }
  | { kind: 'file'; destination: ChatDestination; file: ChatFile; message: PostedMessage };

/**
 * A chat surface that remembers what it was asked to show, for service tests that need no
 * Slack or Teams at all. The Slack and Teams tests exercise the real surfaces.
 */
export class RecordingSurface implements ChatSurface {
  readonly posts: RecordedPost[] = [];
  /** Shared by every instance so message ids never collide between surfaces in one test file. */
  private static counter = 0;
  failNextPost = 0;

  constructor(readonly name: SurfaceName = 'slack') {}

  private nextMessage(destination: ChatDestination): PostedMessage {
    RecordingSurface.counter += 1;
    return {
      surface: this.name,
      channelId: destination.channelId,
      messageId: `m${RecordingSurface.counter}`,
      threadId: destination.threadId,
    };
  }

  private maybeFail() {
    if (this.failNextPost > 0) {
      this.failNextPost -= 1;
      throw new Error('surface unavailable');
    }
  }

  async postCheckinPrompt(destination: ChatDestination, prompt: CheckinPromptView, metadata: { promptKey: string }) {
    this.maybeFail();
    const message = this.nextMessage(destination);
    this.posts.push({ kind: 'prompt', destination, prompt, promptKey: metadata.promptKey, message });
    return message;
  }

  async updateCheckinPrompt(message: PostedMessage, prompt: CheckinPromptView) {
    this.posts.push({ kind: 'prompt-update', message, prompt });
  }

  async findPostedPrompt(destination: ChatDestination, promptKey: string) {
    const found = this.posts.find(
      (post) =>
        post.kind === 'prompt' &&
        post.destination.channelId === destination.channelId &&
        post.promptKey.split(',').includes(promptKey),
    );
    return found && found.kind === 'prompt' ? found.message : null;
  }

  async postEscalation(destination: ChatDestination, escalation: EscalationView) {
    this.maybeFail();
    const message = this.nextMessage(destination);
    this.posts.push({ kind: 'escalation', destination, escalation, message });
    return message;
  }

  async updateEscalation(message: PostedMessage, escalation: EscalationView) {
    this.posts.push({ kind: 'escalation-update', message, escalation });
  }

  async postNotice(destination: ChatDestination, notice: ChatNotice) {
    const message = this.nextMessage(destination);
    this.posts.push({ kind: 'notice', destination, notice, message });
    return message;
  }

  async postScorecard(destination: ChatDestination, digest: ScorecardDigestView) {
    const message = this.nextMessage(destination);
    this.posts.push({ kind: 'scorecard', destination, digest, message });
    return message;
  }

  async uploadFile(destination: ChatDestination, file: ChatFile) {
    this.maybeFail();
    const message = this.nextMessage(destination);
    this.posts.push({ kind: 'file', destination, file, message });
    return message;
  }

  async directDestination(person: Person): Promise<ChatDestination | null> {
    const id = this.name === 'slack' ? person.slackUserId : person.teamsUserId;
    return id ? { surface: this.name, channelId: `D-${id}`, purpose: 'direct' } : null;
  }

  ofKind<K extends RecordedPost['kind']>(kind: K): Extract<RecordedPost, { kind: K }>[] {
    return this.posts.filter((post): post is Extract<RecordedPost, { kind: K }> => post.kind === kind);
  }
}
