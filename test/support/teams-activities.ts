/**
 * Activities shaped the way Teams posts them to a bot's messaging endpoint (a personal chat by
 * default), each builder taking overrides so a test states only what matters to it.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 */
export const TEAMS_TEST = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  bot: { id: '28:steward-bot', name: 'Steward' },
  user: { id: '29:alex', name: 'Alex Wilber', aadObjectId: 'aad-alex' },
  personalConversationId: 'a:personal-alex',
  channelConversationId: '19:contract-team@thread.tacv2',
} as const;

export type TeamsActivity = Record<string, unknown>;

let sequence = 0;

function base(serviceUrl: string, overrides: TeamsActivity): TeamsActivity {
  sequence += 1;
  return {
    id: `incoming-${sequence}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { ...TEAMS_TEST.user },
    recipient: { ...TEAMS_TEST.bot },
    conversation: {
      id: TEAMS_TEST.personalConversationId,
      conversationType: 'personal',
      tenantId: TEAMS_TEST.tenantId,
    },
    channelData: { tenant: { id: TEAMS_TEST.tenantId } },
    locale: 'en-US',
    ...overrides,
  };
}

export function messageActivity(serviceUrl: string, text: string, overrides: TeamsActivity = {}): TeamsActivity {
  return base(serviceUrl, { type: 'message', text, textFormat: 'plain', ...overrides });
}

/** Action.Execute: an `adaptiveCard/action` invoke whose `action.data` holds the card's data and inputs. */
export function cardActionInvoke(
  serviceUrl: string,
  data: Record<string, unknown>,
  overrides: TeamsActivity = {},
): TeamsActivity {
  return base(serviceUrl, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: data.action, data }, trigger: 'manual' },
    ...overrides,
  });
}

/** Action.Submit: a message without text whose `value` holds the card's data and inputs. */
export function cardSubmitMessage(
  serviceUrl: string,
  value: Record<string, unknown>,
  overrides: TeamsActivity = {},
): TeamsActivity {
  return base(serviceUrl, { type: 'message', value, ...overrides });
}

export function inChannel(overrides: TeamsActivity = {}): TeamsActivity {
  return {
    conversation: {
      id: TEAMS_TEST.channelConversationId,
      conversationType: 'channel',
      tenantId: TEAMS_TEST.tenantId,
      isGroup: true,
    },
    channelData: {
      tenant: { id: TEAMS_TEST.tenantId },
      team: { id: '19:team@thread.tacv2' },
      channel: { id: TEAMS_TEST.channelConversationId, type: 'standard' },
    },
    ...overrides,
  };
}

export async function postActivity(
  endpoint: string,
  activity: TeamsActivity,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * Dynamic type-ahead (`Input.ChoiceSet` with `Data.Query`): the `application/search` invoke Teams sends as the person
 * types, with the card's dataset, the typed text, and `skip`/`top` as they scroll; answered in the invoke response.
 */
export function searchInvoke(
  serviceUrl: string,
  value: { dataset: string; queryText: string; skip?: number; top?: number },
  overrides: TeamsActivity = {},
): TeamsActivity {
  return base(serviceUrl, {
    type: 'invoke',
    name: 'application/search',
    value: {
      dataset: value.dataset,
      queryText: value.queryText,
      queryOptions: { skip: value.skip ?? 0, top: value.top ?? 15 },
    },
    ...overrides,
  });
}
