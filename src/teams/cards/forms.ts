import { type CardElement, type CardInput, errorBanner, fieldError } from './adaptive-card';

/**
 * A form the service rejected, drawn again: what was typed (by input id), the service's messages placed
 * under their inputs (by input id), and the overall message for what no input shows.
 */
export interface FormProblem {
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/**
 * The input with what was typed put back and, when the service rejected it, its message right under it.
 * A typed value wins over the prefilled one: it is what the person last saw.
 */
export function field(input: CardInput, problem?: FormProblem): CardElement[] {
  const typed = problem?.values[input.id];
  const filled = problem ? withTyped(input, typed) : input;
  const message = problem?.fieldErrors[input.id];
  return message ? [filled, fieldError(input.id, message)] : [filled];
}

function withTyped(input: CardInput, typed: string | undefined): CardInput {
  const { value: _previous, ...rest } = input as CardInput & { value?: unknown };
  if (input.type === 'Input.Toggle') return { ...input, value: typed === 'true' ? 'true' : 'false' };
  if (typed === undefined || typed === '') return rest as CardInput;
  if (input.type === 'Input.Number') {
    const number = Number(typed.replace(',', '.'));
    return Number.isFinite(number) ? { ...input, value: number } : (rest as CardInput);
  }
  return { ...input, value: typed } as CardInput;
}

/** The overall message on top, unless every message already stands under its input. */
export function formBanner(problem: FormProblem | undefined, inputIds: readonly string[]): CardElement[] {
  if (!problem) return [];
  const keys = Object.keys(problem.fieldErrors);
  const placed = keys.length > 0 && keys.every((key) => inputIds.includes(key));
  return placed ? [] : [errorBanner(problem.message)];
}

/** Every input id in a list of elements (containers and columns opened), to know which messages have a place. */
export function inputIdsOf(elements: readonly CardElement[]): string[] {
  const ids: string[] = [];
  const walk = (element: CardElement) => {
    if (element.type.startsWith('Input.')) ids.push((element as CardInput).id);
    if (element.type === 'Container') element.items.forEach(walk);
    if (element.type === 'ColumnSet') for (const column of element.columns) column.items.forEach(walk);
  };
  elements.forEach(walk);
  return ids;
}

/**
 * A rejected action on one item of a list card (an obligation, a corrective action): which item, the
 * service's messages and what was typed, both by the service's field name. The card is drawn again from
 * the service's list, so the problem follows the item wherever it now stands.
 */
export interface ItemProblem {
  itemId: string;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/** An item's input with what was typed put back and the message for `field` under it. */
export function itemField(input: CardInput, field: string, problem?: ItemProblem): CardElement[] {
  if (!problem) return [input];
  const typed = problem.values[field];
  const filled = typed === undefined ? input : ({ ...input, value: typed } as CardInput);
  const message = problem.fieldErrors[field];
  return message ? [filled, fieldError(input.id, message)] : [filled];
}

/** The item's overall message, unless every message stands under one of `fields`. */
export function itemBanner(problem: ItemProblem | undefined, fields: readonly string[]): CardElement[] {
  if (!problem) return [];
  const keys = Object.keys(problem.fieldErrors);
  const placed = keys.length > 0 && keys.every((key) => fields.includes(key));
  return placed ? [] : [errorBanner(problem.message)];
}
