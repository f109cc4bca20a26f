import type { Person, Rag } from '../../domain/types';

/**
 * The small part of the Adaptive Card schema Steward uses, typed so a builder cannot reach past
 * schema 1.5: Teams renders 1.5 at most, and a card that declares a higher version shows as an error.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-reference
 */
export const CARD_SCHEMA_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface TextBlock {
  type: 'TextBlock';
  id?: string;
  text: string;
  wrap?: boolean;
  weight?: 'Default' | 'Lighter' | 'Bolder';
  size?: 'Default' | 'Small' | 'Medium' | 'Large' | 'ExtraLarge';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  style?: 'default' | 'heading';
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Default' | 'Lighter' | 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  italic?: boolean;
  size?: TextBlock['size'];
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  id?: string;
  inlines: TextRun[];
  spacing?: TextBlock['spacing'];
}

export interface Column {
  type: 'Column';
  width?: 'auto' | 'stretch' | string;
  items: CardElement[];
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: TextBlock['spacing'];
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  id?: string;
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  isVisible?: boolean;
  separator?: boolean;
  spacing?: TextBlock['spacing'];
}

interface InputBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputText extends InputBase {
  type: 'Input.Text';
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
  style?: 'Text' | 'Tel' | 'Url' | 'Email';
}

export interface InputNumber extends InputBase {
  type: 'Input.Number';
  placeholder?: string;
  value?: number;
  min?: number;
  max?: number;
}

export interface InputDate extends InputBase {
  type: 'Input.Date';
  value?: string;
  min?: string;
}

export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Array<{ title: string; value: string }>;
  style?: 'compact' | 'expanded' | 'filtered';
  value?: string;
  placeholder?: string;
  isMultiSelect?: boolean;
  /**
   * Dynamic type-ahead. Teams' people picker: choices come from the tenant directory, the value is the user's
   * Entra object id. Any other dataset is asked of the bot with an `application/search` invoke (the contract
   * picker, handlers/invokes/on-search.ts).
   */
  'choices.data'?: { type: 'Data.Query'; dataset: string; count?: number };
}

export interface InputToggle extends InputBase {
  type: 'Input.Toggle';
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
  wrap?: boolean;
}

export type CardInput = InputText | InputNumber | InputDate | InputChoiceSet | InputToggle;

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: TextBlock['spacing'];
}

export interface ImageElement {
  type: 'Image';
  url: string;
  altText: string;
  size?: 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';
  spacing?: TextBlock['spacing'];
  selectAction?: OpenUrlAction;
}

export type CardElement = TextBlock | RichTextBlock | ColumnSet | Container | ActionSet | CardInput | ImageElement;

/** What every Steward action carries: `action` names the handler (the SDK routes on `data.action`). */
export interface ActionData {
  action: string;
  [key: string]: string | number | boolean | undefined;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: ActionData;
  style?: 'default' | 'positive' | 'destructive';
  /** `none`: send no inputs and check none (a Cancel button must work with required inputs left empty). */
  associatedInputs?: 'auto' | 'none';
}

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: ActionData;
  style?: 'default' | 'positive' | 'destructive';
  /** Clients without Universal Actions render the fallback: the same data as an Action.Submit. */
  fallback?: SubmitAction;
  associatedInputs?: 'auto' | 'none';
}

export interface ToggleVisibilityAction {
  type: 'Action.ToggleVisibility';
  title: string;
  targetElements: string[];
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = SubmitAction | ExecuteAction | ToggleVisibilityAction | OpenUrlAction;

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof CARD_SCHEMA_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Teams: full-width cards in chats and `<at>` mentions inside card text. */
  msteams?: { width?: 'Full'; entities?: MentionEntity[] };
}

export function adaptiveCard(
  body: CardElement[],
  options: { actions?: CardAction[]; mentions?: MentionEntity[] } = {},
): AdaptiveCard {
  const sendingActions = countInputSendingActions([...body, ...(options.actions ?? [])]);
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_SCHEMA_VERSION,
    body: sendingActions > 1 ? (withoutRequired(body) as CardElement[]) : body,
    msteams: { width: 'Full' },
  };
  if (options.actions && options.actions.length > 0) card.actions = options.actions;
  if (options.mentions && options.mentions.length > 0) card.msteams = { ...card.msteams, entities: options.mentions };
  return card;
}

/**
 * Teams sends every input of a card with each button that sends inputs, and checks every required one first,
 * hidden or not. On a card with two such buttons (a check-in's score and its not-applicable reason, an
 * escalation's corrective action and its resolution), a required input of one form stopped the other button
 * without a word: the person clicked and nothing happened. Such cards mark nothing required; the service asks
 * for what is missing, under its input, and the labels still say which fields are optional.
 */
function countInputSendingActions(nodes: readonly unknown[]): number {
  let count = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ((record.type === 'Action.Execute' || record.type === 'Action.Submit') && record.associatedInputs !== 'none') {
      count += 1;
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback' && key !== 'data') visit(value);
  };
  visit(nodes);
  return count;
}

function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!node || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'isRequired' && typeof record.type === 'string' && record.type.startsWith('Input.')) continue;
    copy[key] = key === 'data' ? value : withoutRequired(value);
  }
  return copy;
}

/** Our own words: TextBlock renders Adaptive Cards' Markdown subset, so never put user text here. */
export function heading(text: string): TextBlock {
  return { type: 'TextBlock', text, wrap: true, weight: 'Bolder', size: 'Medium', style: 'heading' };
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/**
 * User-typed or stored text shown exactly as written. A TextRun is not parsed as Markdown, and
 * `{{` is broken with a zero-width space because hosts expand `{{DATE(...)}}`/`{{TIME(...)}}` in card
 * text: `**bold**`, `[x](y)` and `{"$gt": ""}` all arrive on screen as typed.
 */
export function literal(value: string, options: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text: value.replaceAll('{{', '{\u200b{'), ...options };
}

export function paragraph(inlines: TextRun[], spacing?: TextBlock['spacing']): RichTextBlock {
  return spacing ? { type: 'RichTextBlock', inlines, spacing } : { type: 'RichTextBlock', inlines };
}

/** Label–value rows, like a FactSet but with values rendered literally (FactSet values are Markdown). */
export function facts(rows: Array<{ label: string; value: string }>): Container {
  return {
    type: 'Container',
    spacing: 'Small',
    items: rows.map((row) => ({
      type: 'ColumnSet',
      spacing: 'None',
      columns: [
        { type: 'Column', width: '110px', items: [paragraph([literal(row.label, { weight: 'Bolder' })])] },
        { type: 'Column', width: 'stretch', items: [paragraph([literal(row.value)])] },
      ],
    })),
  };
}

/**
 * A button that works in every Teams client: Action.Execute (answered in the invoke response with a
 * refreshed card) with an Action.Submit fallback carrying the same data (arrives as a message whose
 * `value` holds the inputs) for hosts without Universal Actions.
 */
export function execute(
  title: string,
  data: ActionData,
  style?: ExecuteAction['style'],
  options: { associatedInputs?: 'none' } = {},
): ExecuteAction {
  const fallback: SubmitAction = { type: 'Action.Submit', title, data };
  const action: ExecuteAction = { type: 'Action.Execute', title, verb: data.action, data, fallback };
  if (style) {
    action.style = style;
    fallback.style = style;
  }
  if (options.associatedInputs) {
    action.associatedInputs = options.associatedInputs;
    fallback.associatedInputs = options.associatedInputs;
  }
  return action;
}

export function toggle(title: string, targetElementId: string): ToggleVisibilityAction {
  return { type: 'Action.ToggleVisibility', title, targetElements: [targetElementId] };
}

export function actionSet(actions: CardAction[]): ActionSet {
  return { type: 'ActionSet', actions, spacing: 'Small' };
}

/** The message shown under an input when the service rejected its value. */
export function fieldError(inputId: string, message: string): RichTextBlock {
  return {
    type: 'RichTextBlock',
    id: `${inputId}_error`,
    spacing: 'None',
    inlines: [literal(`⚠️ ${message}`, { color: 'Attention' })],
  };
}

export function errorBanner(message: string): Container {
  return { type: 'Container', style: 'attention', items: [paragraph([literal(message, { weight: 'Bolder' })])] };
}

const RAG_EMOJI: Record<Rag, string> = { green: '🟢', amber: '🟠', red: '🔴' };
const RAG_WORD: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

/** Colour is never the only signal: the word travels with the emoji for screen readers and colour blindness. */
export function ragBadge(rag: Rag | null): string {
  return rag ? `${RAG_EMOJI[rag]} ${RAG_WORD[rag]}` : '⚪ No score yet';
}

export function ragColor(rag: Rag | null): TextColor {
  if (rag === 'green') return 'Good';
  if (rag === 'amber') return 'Warning';
  if (rag === 'red') return 'Attention';
  return 'Default';
}

const TREND_LABEL = {
  improving: '↗ improving',
  declining: '↘ declining',
  stable: '→ stable',
  'insufficient-data': '· not enough data for a trend',
} as const;

export function trendLabel(trend: keyof typeof TREND_LABEL): string {
  return TREND_LABEL[trend];
}

/**
 * An instant as the viewer reads it: in their time zone when Teams told us (clientInfo), else UTC, always with the
 * zone named so nobody mistakes one for the other ("7 Dec 2026, 23:39 CET").
 */
export function formatInstant(at: Date | string, timeZone = 'UTC'): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  const parts = instantFormat(timeZone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const zone = zoneName(date, timeZone, part('timeZoneName'));
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} ${zone}`;
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name as people know it: British English has CET and BST, American English EST and PDT. */
function zoneName(date: Date, timeZone: string, british: string): string {
  if (timeZone === 'UTC' || british === 'UTC' || british === 'GMT') return timeZone === 'UTC' ? 'UTC' : british;
  if (!british.startsWith('GMT')) return british;
  try {
    const american = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((candidate) => candidate.type === 'timeZoneName')?.value;
    return american && !american.startsWith('GMT') ? american : british;
  } catch {
    return british;
  }
}

function instantFormat(timeZone: string): Intl.DateTimeFormat {
  let format = instantFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      return instantFormat('UTC');
    }
    instantFormats.set(timeZone, format);
  }
  return format;
}

export function personName(person: Person): string {
  // Never a bare id or GUID: the services name people through the directory before they are shown.
  return person.name ?? person.email ?? 'someone';
}

/**
 * `<at>Name</at>` plus its entity, so Teams notifies the person. Teams accepts the Entra object id
 * as the mentioned id in cards; people without a Teams identity are named without a mention.
 */
export function mentionsOf(people: Person[]): { text: string; entities: MentionEntity[] } {
  const entities: MentionEntity[] = [];
  const parts: string[] = [];
  for (const person of people) {
    const name = personName(person);
    if (person.teamsUserId) {
      const tag = `<at>${name}</at>`;
      entities.push({ type: 'mention', text: tag, mentioned: { id: person.teamsUserId, name } });
      parts.push(tag);
    } else {
      parts.push(name);
    }
  }
  return { text: parts.join(', '), entities };
}

/**
 * The same card without `msteams.width`: full-width cards read better in Teams, but the Agents Playground does
 * not support them and says so under every card, so the sandbox sends them at the default width.
 */
export function withDefaultWidth<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withDefaultWidth) as T;
  if (typeof value !== 'object' || value === null || value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'msteams' && typeof inner === 'object' && inner !== null) {
      const { width: _width, ...rest } = inner as Record<string, unknown>;
      copy[key] = rest;
    } else copy[key] = withDefaultWidth(inner);
  }
  return copy as T;
}
