import type { AdaptiveCard } from '../../../src/teams/cards/adaptive-card';

export type Node = Record<string, unknown>;

/** Every element, action and inline in the card, depth first (an action's Action.Submit fallback is not listed apart). */
export function nodes(card: AdaptiveCard): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (typeof node.type === 'string') out.push(node);
    for (const [key, child] of Object.entries(node)) if (key !== 'data' && key !== 'fallback') walk(child);
  };
  walk(card.body);
  walk(card.actions);
  return out;
}

export function byId(card: AdaptiveCard, id: string): Node | undefined {
  return nodes(card).find((node) => node.id === id);
}

/** What a person reads, in order: TextBlock and TextRun text. */
export function readable(card: AdaptiveCard): string {
  return nodes(card)
    .filter((node) => node.type === 'TextBlock' || node.type === 'TextRun')
    .map((node) => node.text as string)
    .join('\n');
}

/** Elements and actions Teams renders in schema 1.5; anything else would show as an error or nothing. */
const SCHEMA_1_5 = new Set([
  'TextBlock',
  'RichTextBlock',
  'TextRun',
  'Container',
  'ColumnSet',
  'Column',
  'ActionSet',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.ChoiceSet',
  'Input.Toggle',
  'Action.Execute',
  'Action.Submit',
  'Action.ToggleVisibility',
  'Action.OpenUrl',
  'mention',
  // Teams' people picker source on Input.ChoiceSet.
  'Data.Query',
]);

export function expectSchema15(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  const unknown = nodes(card).filter((node) => !SCHEMA_1_5.has(node.type as string));
  expect(unknown).toEqual([]);
  // Input ids must be unique, or Teams sends only one of the values.
  const ids = nodes(card)
    .filter((node) => String(node.type).startsWith('Input.'))
    .map((node) => node.id);
  expect(new Set(ids).size).toBe(ids.length);
}
