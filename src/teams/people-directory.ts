import { TtlCache } from '../chat/ttl-cache';
import type { Clock } from '../domain/clock';
import type { Person } from '../domain/types';
import type { Logger } from '../logger';

/** What Teams tells of a person: an activity's `from`, or a conversation member (TeamsChannelAccount). */
export interface TeamsAccount {
  id?: string;
  name?: string | null;
  aadObjectId?: string | null;
  email?: string | null;
  userPrincipalName?: string | null;
}

/** Names are kept a day; a conversation's members are asked for again after an hour. */
const NAME_TTL_MS = 24 * 3_600_000;
const MEMBERS_TTL_MS = 3_600_000;

/**
 * The people directory on Teams. A bot cannot search the organisation without Graph permissions Steward does not
 * ask for, so it learns names from what Teams already tells it: the person behind each activity (`from`), and the
 * members of each conversation it is used in (GET /v3/conversations/{id}/members, once an hour per
 * conversation). Keyed by Entra object id and by email, so a person typed as either is named.
 */
export class TeamsPeopleDirectory {
  private readonly names: TtlCache<string, string>;
  private readonly asked: TtlCache<string, Promise<void>>;
  private readonly zones: TtlCache<string, string>;

  constructor(
    clock: Clock,
    private readonly logger: Logger,
  ) {
    this.names = new TtlCache(clock, { ttlMs: NAME_TTL_MS, maxEntries: 20_000 });
    this.asked = new TtlCache(clock, { ttlMs: MEMBERS_TTL_MS, maxEntries: 2_000 });
    this.zones = new TtlCache(clock, { ttlMs: NAME_TTL_MS, maxEntries: 20_000 });
  }

  /**
   * Remembers a person's name under each id Teams gave with it, and the time zone their client reported with
   * an activity (clientInfo), so cards posted to them later show times as they read them.
   */
  observe(account: TeamsAccount | undefined, timezone?: string): void {
    if (timezone && account?.aadObjectId) this.zones.set(account.aadObjectId.toLowerCase(), timezone);
    const name = account?.name?.trim();
    if (!account || !name) return;
    for (const key of [account.aadObjectId, account.email, account.userPrincipalName]) {
      if (key) this.names.set(key.toLowerCase(), name);
    }
  }

  /** Learns a conversation's members, at most once an hour per conversation; a failure is logged and retried later. */
  async learnMembers(conversationId: string, members: () => Promise<readonly TeamsAccount[]>): Promise<void> {
    const known = this.asked.get(conversationId);
    if (known) return known;
    const asking = members()
      .then((list) => {
        for (const member of list) this.observe(member);
      })
      .catch((error: unknown) => {
        this.asked.delete(conversationId);
        this.logger.info({ err: error, conversationId }, 'could not list the members of a Teams conversation');
      });
    this.asked.set(conversationId, asking);
    return asking;
  }

  /** The time zone a person's Teams client last reported; null when they have not written since the cache ran out. */
  timezoneOf(person: Person): string | null {
    return person.teamsUserId ? (this.zones.get(person.teamsUserId.toLowerCase()) ?? null) : null;
  }

  displayName(person: Person): string | null {
    for (const key of [person.teamsUserId, person.email]) {
      const name = key ? this.names.get(key.toLowerCase()) : undefined;
      if (name) return name;
    }
    return null;
  }
}
