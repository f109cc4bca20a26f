import type { Activity } from '@microsoft/teams.api';
import type { Actor } from '../services/service-api';

/** The fields of an inbound activity that say who acts and where; everything else is ignored. */
export type ActivityIdentity = Pick<Activity, 'from' | 'conversation' | 'channelData'>;

/**
 * Who is acting, from the activity Teams sent (never from typed text).
 *
 * External (a vendor, with exactly the limits of a Slack Connect user; the services enforce them) when any of:
 * 1. `from.userRole` is `guest` or `anonymous`: Teams marks B2B guests and anonymous meeting participants so.
 * 2. `from.aadObjectId` is missing: anonymous participants have no Entra identity, so nothing ties them
 *    to our organisation; we fail closed.
 * 3. Our tenant is known (TEAMS_TENANT_ID) and a tenant id on the activity differs from it: `from.tenantId`
 *    (set for users of another organisation in a shared channel), `channelData.tenant.id`, or
 *    `conversation.tenantId` (a conversation hosted by another organisation).
 * Without a tenant (the local sandbox) only rules 1 and 2 apply.
 *
 * `channel` is set for team channels and group chats, not for the personal chat with the bot. A Teams
 * shared channel (`channelData.channel.type === 'shared'`) or a conversation of another tenant counts as
 * shared: it may contain people from other organisations, so it gets the vendor view.
 */
export function actorFromActivity(activity: ActivityIdentity, options: { tenantId?: string } = {}): Actor {
  const { from, conversation, channelData } = activity;
  const role = from.userRole?.toLowerCase();
  const tenantIds = [from.tenantId, channelData?.tenant?.id, conversation?.tenantId].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  const foreignTenant =
    options.tenantId !== undefined && tenantIds.some((id) => id.toLowerCase() !== options.tenantId?.toLowerCase());
  const external = role === 'guest' || role === 'anonymous' || !from.aadObjectId || foreignTenant;

  const actor: Actor = {
    person: {
      ...(from.aadObjectId ? { teamsUserId: from.aadObjectId } : {}),
      ...(from.name ? { name: from.name } : {}),
      ...(from.email ? { email: from.email } : {}),
    },
    surface: 'teams',
    external,
  };
  if (conversation && conversation.conversationType !== 'personal') {
    actor.channel = {
      surface: 'teams',
      channelId: baseConversationId(conversation.id),
      shared: channelData?.channel?.type === 'shared' || foreignTenant,
    };
  }
  return actor;
}

/** A channel thread's conversation id is `19:…@thread.tacv2;messageid=…`; the channel is the part before `;`. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}
