import type { CheckinStatus, Person, Surface } from '../domain/types';

/** Where a check-in that was not sent again stands: who it waits for and where its prompt is, or how it ended. */
export interface CheckinWhereabouts {
  kpiName: string;
  periodLabel: string;
  status: CheckinStatus;
  /** Prompted or missed: the people it asks, by name where known. */
  respondents: Person[];
  /** Where its prompt was posted, most recent first. */
  places: Array<{ surface: Surface; channelId: string }>;
  /** When it was prompted, answered, marked not applicable or missed. */
  at?: Date;
  /** Snoozed: when it comes back. */
  snoozedUntil?: Date;
}

/** How a surface names what a whereabouts line mentions: a place it posted in, a moment. */
export interface WhereaboutsWords {
  /** `<#C123>` on Slack, "this chat" on Teams when it is the conversation asking. */
  place: (place: CheckinWhereabouts['places'][number]) => string;
  when: (at: Date) => string;
  /** The surface's escaping for text people typed (KPI names, people's names). */
  escape?: (text: string) => string;
}

const nameOf = (person: Person) => person.name ?? person.email ?? 'someone';

function listed(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * "Nothing to send" with the reason, per check-in: who a prompt waits for and where it is, or how the check-in
 * ended. Both surfaces say the same; each names places and times its own way.
 */
export function whereaboutsLines(items: readonly CheckinWhereabouts[], words: WhereaboutsWords): string[] {
  return items.map((item) => whereaboutsLine(item, words));
}

function whereaboutsLine(item: CheckinWhereabouts, words: WhereaboutsWords): string {
  const typed = words.escape ?? ((text: string) => text);
  const subject = typed(`${item.kpiName}, ${item.periodLabel}`);
  const who = typed(listed(item.respondents.map(nameOf)) || 'its respondents');
  const where = item.places[0] ? ` Its prompt is in ${words.place(item.places[0])}.` : '';
  const since = item.at ? ` since ${words.when(item.at)}` : '';
  if (item.snoozedUntil) return `${subject}: snoozed until ${words.when(item.snoozedUntil)}.${where}`;
  switch (item.status) {
    case 'prompted':
      return `${subject}: waiting for ${who}${since}.${where}`;
    case 'missed':
      return `${subject}: nobody answered in time${item.at ? ` (missed ${words.when(item.at)})` : ''}; ${who} can still answer it.${where}`;
    case 'answered':
      return `${subject}: answered${item.at ? ` ${words.when(item.at)}` : ''}.`;
    case 'not-applicable':
      return `${subject}: marked not applicable.`;
    case 'pending':
      return `${subject}: not sent yet; it goes out with the next round of prompts.`;
  }
}

/** The answer to `checkin` as both surfaces word it (Slack adds its own markup around names). */
export function sendNowSummary(
  result: { prompted: number; alreadyOut: readonly CheckinWhereabouts[] },
  scope: string,
  words: WhereaboutsWords,
): string {
  const sent =
    result.prompted === 0
      ? `Nothing new to send for ${scope}.`
      : `Sent ${result.prompted} check-in${result.prompted === 1 ? '' : 's'} for ${scope}.`;
  const lines = whereaboutsLines(result.alreadyOut, words);
  if (lines.length === 0) {
    return result.prompted === 0 ? `${sent} This period's check-ins are not due yet.` : sent;
  }
  return [sent, ...lines.map((line) => `• ${line}`)].join('\n');
}
