import type { StewardError } from '../../../domain/errors';
import type { FormProblem } from '../../cards/forms';
import { splitList } from '../../people-text';

/**
 * Reading a management form back: the typed values by input id, and the service's messages, keyed by the
 * service's field paths (`vendorName`, `owner.1`, `levels.1.ackWithinHours`), placed under the inputs
 * they belong to. Values stay the strings people typed: the services' zod schemas judge them.
 */

/** What was typed into the form's inputs, trimmed; empty inputs are left out. */
export function formValues(data: Record<string, unknown>, inputIds: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const id of inputIds) {
    const value = data[id];
    if (value === undefined || value === null) continue;
    const text = (typeof value === 'string' ? value : String(value)).trim();
    if (text !== '') values[id] = text;
  }
  return values;
}

export function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/**
 * Where a service field path belongs on the form: the input's id, and for a list of people the position
 * of the person the message is about (so it can say which of the typed ids was wrong).
 */
export type Placement = { inputId: string; person?: number } | undefined;

export function formProblem(
  error: StewardError,
  values: Record<string, string>,
  place: (path: string) => Placement,
): FormProblem {
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const placement = place(path);
    // Unplaced messages stay under their own key, so the banner on top shows the overall message.
    const key = placement?.inputId ?? path;
    const token = placement?.person === undefined ? undefined : splitList(values[key])[placement.person];
    const text = token ? `"${token}": ${message}` : message;
    fieldErrors[key] = fieldErrors[key] && fieldErrors[key] !== text ? `${fieldErrors[key]} ${text}` : text;
  }
  return { message: error.userMessage, fieldErrors, values };
}

/** `owner.2.email` → `{ head: 'owner', index: 2, rest: 'email' }`. */
export function splitPath(path: string): { head: string; index?: number; rest?: string } {
  const [head = '', second, ...rest] = path.split('.');
  if (second === undefined) return { head };
  const index = /^\d+$/.test(second) ? Number(second) : undefined;
  if (index === undefined) return { head, rest: [second, ...rest].join('.') };
  return { head, index, ...(rest.length > 0 ? { rest: rest.join('.') } : {}) };
}
