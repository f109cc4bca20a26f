import { type CommandName, parseCommand } from './commands';

/**
 * A command that names one contract, given none or part of one ("scorecard catering"), or a reference that does
 * not exist: the contracts it may mean, offered as buttons that run the command for the one chosen. Described
 * once here; each surface renders the buttons (action `pickContract`) and runs what a pressed one carries.
 */

/** The commands a choice button may run: each runs with the reference alone. */
export const CHOOSABLE_COMMANDS: readonly CommandName[] = [
  'scorecard',
  'kpis',
  'roles',
  'path',
  'kickoff',
  'acknowledge',
  'obligations',
  'obligation',
  'risks',
  'risk',
  'closeout',
  'charts',
  'kpi',
  'checkin',
];

export function isChoosable(name: CommandName | undefined): name is CommandName {
  return name !== undefined && (CHOOSABLE_COMMANDS as readonly string[]).includes(name);
}

/** What a choice button carries: the command and the reference. */
export function encodeChoice(command: CommandName, reference: string): string {
  return JSON.stringify({ c: command, r: reference });
}

/** The command a pressed choice runs, as typed; undefined when the value is not one Steward made. */
export function decodeChoice(value: unknown): { command: CommandName; reference: string; text: string } | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  const { c, r } = (raw ?? {}) as Record<string, unknown>;
  if (typeof c !== 'string' || typeof r !== 'string' || !isChoosable(c as CommandName)) return undefined;
  const text = `${c} ${r}`;
  const parsed = parseCommand(text);
  if (!parsed.ok || !('reference' in parsed.command) || !parsed.command.reference) return undefined;
  return { command: c as CommandName, reference: parsed.command.reference, text };
}

/**
 * The searches that find the contracts closest to a reference that does not exist, tried in turn until one
 * finds any: the reference itself as a word, then shorter and shorter leading parts ("PORT-2026-046X",
 * "PORT-2026", "PORT").
 */
export function closestSearches(reference: string): string[][] {
  const searches = [[reference]];
  const parts = reference.split('-');
  for (let n = parts.length - 1; n >= 1; n -= 1) {
    const prefix = parts.slice(0, n).join('-');
    if (prefix.length >= 2) searches.push([prefix]);
  }
  if (reference.length > 4) searches.push([reference.slice(0, Math.max(3, Math.ceil(reference.length / 2)))]);
  return searches;
}

/** The line above the choices. */
export function choicesHeading(
  command: CommandName,
  found: { total: number; shown: number },
  asked: { words: string[] } | { unknown: string },
): string {
  const which = found.total > found.shown ? `the first ${found.shown} of ${found.total}` : `${found.total}`;
  if ('unknown' in asked) {
    return `There is no contract ${asked.unknown}. The closest (${which}, worst first) — choose one for \`${command}\`:`;
  }
  const words = asked.words.length > 0 ? ` matching "${asked.words.join(' ')}"` : '';
  return `Which contract? ${which.charAt(0).toUpperCase()}${which.slice(1)}${words}, worst first — choose one for \`${command}\`:`;
}

/**
 * The contracts closest to a reference that was not found, and how to head them: as a search when the typed
 * "reference" is a word found as it is ("scorecard catering"), else as the closest to a reference that does not
 * exist. Undefined when nothing is close, or when the contract exists (what was not found is something else).
 */
export async function closestChoices<P extends { total: number; contracts: Array<{ reference: string }> }>(
  reference: string,
  search: (words: string[]) => Promise<P>,
): Promise<{ page: P; asked: { words: string[] } | { unknown: string } } | undefined> {
  const searches = closestSearches(reference);
  for (const [index, words] of searches.entries()) {
    const page = await search(words);
    if (page.total === 0) continue;
    if (page.contracts.some((c) => c.reference === reference)) return undefined;
    return { page, asked: index === 0 ? { words: [reference.toLowerCase()] } : { unknown: reference } };
  }
  return undefined;
}
