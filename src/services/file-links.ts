import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChatFile, FileLink } from '../chat/chat-surface';
import { utcMinute } from '../chat/labels';
import type { Store } from '../store';
import type { SharedFileRecord } from '../store/shared-files';

/** Who a link was made for: a link posted where a vendor reads never opens internal data. */
export type LinkAudience = 'internal' | 'vendor';

export interface FileLinkSettings {
  /** Where people reach Steward's HTTP server (PUBLIC_URL); read when a link is made. */
  publicUrl: () => string;
  /** How long a link opens its file. */
  ttlMs: number;
}

export const FILE_LINK_PATH = '/files';

export type OpenedFile = { ok: true; file: SharedFileRecord } | { ok: false; status: 403 | 404 | 410; message: string };

/**
 * Download links served by Steward's own HTTP server: each is scoped to one stored file, signed with a
 * secret every replica shares, expires, and carries the audience it was posted to. Chosen over Teams'
 * file-consent flow because that flow exists only in personal chats and needs a click per file, while a
 * link works in channels, group chats and Slack alike (where an upload is not possible).
 */
export class FileLinks {
  constructor(
    private readonly store: Pick<Store, 'sharedFiles'>,
    private readonly clock: () => Date,
    private readonly settings: FileLinkSettings,
  ) {}

  async create(
    file: ChatFile,
    scope: { audience: LinkAudience; internalOnly: boolean; contractRef?: string },
  ): Promise<FileLink> {
    const now = this.clock();
    // Whole seconds: the token carries the expiry in seconds.
    const expiresAt = new Date(Math.floor((now.getTime() + this.settings.ttlMs) / 1000) * 1000);
    const stored = await this.store.sharedFiles.save({
      filename: file.filename,
      mimeType: file.mimeType,
      content: file.content,
      internalOnly: scope.internalOnly,
      ...(scope.contractRef ? { contractRef: scope.contractRef } : {}),
      createdAt: now,
      expiresAt,
    });
    const token = await this.token(stored.id, expiresAt, scope.audience);
    const base = this.settings.publicUrl().replace(/\/+$/, '');
    return {
      url: `${base}${FILE_LINK_PATH}/${stored.id}/${encodeURIComponent(file.filename)}?t=${token}`,
      expiresAt,
    };
  }

  /** The file behind a link, or why the link does not open it, in words for the person who clicked. */
  async open(fileId: string, token: string | undefined): Promise<OpenedFile> {
    const again = 'Ask Steward for it again in chat to get a fresh link.';
    const parsed = /^(\d{1,12})\.([iv])\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
    if (!parsed) return { ok: false, status: 403, message: `This link is incomplete or was changed. ${again}` };
    const [, expirySeconds, audienceLetter, signature] = parsed as unknown as [string, string, 'i' | 'v', string];
    const expiresAt = new Date(Number(expirySeconds) * 1000);
    const audience: LinkAudience = audienceLetter === 'v' ? 'vendor' : 'internal';
    const expected = await this.signature(fileId, expiresAt, audience);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return { ok: false, status: 403, message: `This link does not open this file. ${again}` };
    }
    if (this.clock().getTime() >= expiresAt.getTime()) {
      return {
        ok: false,
        status: 410,
        message: `This link expired on ${utcMinute(expiresAt)} UTC. ${again}`,
      };
    }
    const file = await this.store.sharedFiles.get(fileId);
    if (!file) return { ok: false, status: 410, message: `This file is no longer kept. ${again}` };
    if (file.internalOnly && audience === 'vendor') {
      return {
        ok: false,
        status: 403,
        message: 'This file holds internal data and cannot be opened from a vendor link.',
      };
    }
    return { ok: true, file };
  }

  private async token(fileId: string, expiresAt: Date, audience: LinkAudience): Promise<string> {
    const seconds = Math.floor(expiresAt.getTime() / 1000);
    return `${seconds}.${audience === 'vendor' ? 'v' : 'i'}.${await this.signature(fileId, expiresAt, audience)}`;
  }

  private async signature(fileId: string, expiresAt: Date, audience: LinkAudience): Promise<string> {
    const secret = await this.store.sharedFiles.signingSecret();
    return createHmac('sha256', secret)
      .update(`${fileId}\n${Math.floor(expiresAt.getTime() / 1000)}\n${audience}`)
      .digest('base64url');
  }
}
