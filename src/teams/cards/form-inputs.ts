import {
  type FieldValues,
  type FormField,
  type FormSpec,
  fieldOfError as fieldOfErrorOn,
  type LevelPart,
} from '../../chat/forms';
import { StewardError } from '../../domain/errors';
import type { Person } from '../../domain/types';
import type { Placement } from '../handlers/card-actions/form-data';
import { peopleInput, peopleText } from '../people-text';
import { FORM_PREFIX, pathInputId } from './action-ids';
import type { CardElement, CardInput } from './adaptive-card';
import { text } from './adaptive-card';
import { type FormProblem, field as withProblem } from './forms';

/** What a form opens with, by field name: text, a chosen value, a box ticked or not, people. */
export type InitialValues = Readonly<Record<string, string | number | boolean | readonly Person[] | undefined>>;

/** People are typed on a card: emails or Microsoft Entra object ids, which the service reads. */
const PEOPLE_PLACEHOLDER = 'name@example.com, 6f1c1c7e-…';

/**
 * An input's id on the card: the form's prefix (the one cards carried before the forms were shared, so a card
 * already posted still submits) and the service's field name.
 */
export function cardInputId(form: FormSpec, name: string): string {
  // The path form's level fields keep the ids its cards have always had: `path_2_hours` for level2Hours.
  const level = form.id === 'path' ? /^level(\d+)(People|Role|Hours)$/.exec(name) : null;
  if (level) return pathInputId(Number(level[1]), (level[2] as string).toLowerCase() as LevelPart);
  const prefix = (FORM_PREFIX as Record<string, string>)[form.id] ?? `${form.id}_`;
  return `${prefix}${name}`;
}

/**
 * A shared form (src/chat/forms.ts) as Adaptive Card inputs, the same fields, labels, hints and limits Slack's
 * modal shows; with what was typed put back and each service message under its input when `problem` is given.
 */
export function formInputs(
  form: FormSpec,
  initial: InitialValues = {},
  problem?: FormProblem,
  options: {
    omit?: readonly string[];
    after?: (name: string) => CardElement[];
    picker?: PickerOptions;
    /**
     * False on a card whose other buttons send every input (a check-in's reason beside its score): a required
     * input there would stop those buttons; the service asks for it under the input instead.
     */
    required?: boolean;
  } = {},
): CardElement[] {
  return form.fields
    .filter((f) => !options.omit?.includes(f.name))
    .flatMap((f) =>
      f.kind === 'file'
        ? [fileLine(f)]
        : [
            ...withProblem(
              unchecked(
                f.kind === 'person' && options.picker
                  ? personPicker(form, f, initial[f.name], options.picker)
                  : input(form, f, initial[f.name]),
                options.required === false,
              ),
              problem,
            ),
            ...(f.hint ? [text(f.hint, { isSubtle: true, spacing: 'None', size: 'Small' })] : []),
            ...(options.after?.(f.name) ?? []),
          ],
    );
}

/**
 * A card takes no files: a file field becomes the line saying how to give Steward the file instead, in the
 * personal chat with it (the manifest's `supportsFiles`), where it is checked the same way.
 */
export function fileLine(f: FormField): CardElement {
  const types = (f.fileTypes ?? []).filter((type) => type !== 'txt').map((type) => `.${type}`);
  const which = types.length > 0 ? `the ${types.join(' or ')} file` : 'the file';
  return text(`${f.label}: send ${which} to Steward in your chat with it; it is checked the same way.`, {
    isSubtle: true,
    wrap: true,
  });
}

/** The input without the client's own required check, when `drop` says so. */
function unchecked(card: CardInput, drop: boolean): CardInput {
  if (!drop) return card;
  const {
    isRequired: _required,
    errorMessage: _message,
    ...rest
  } = card as CardInput & {
    isRequired?: boolean;
    errorMessage?: string;
  };
  return rest as CardInput;
}

/** A person field drawn as a picker: the people Teams knows, with `known` listed where the search is not offered. */
export interface PickerOptions {
  known: readonly Person[];
}

/**
 * One person chosen from the organisation: Teams' people picker (the `graph.microsoft.com/users` dataset) in
 * clients that search, and the people listed here everywhere else (the Agents Playground offers no search).
 * The value sent back is the person's Teams user id.
 */
function personPicker(form: FormSpec, f: FormField, value: InitialValues[string], picker: PickerOptions): CardInput {
  const label = f.optional ? `${f.label} (optional)` : f.label;
  const choices = picker.known
    .filter((person) => person.teamsUserId)
    .map((person) => ({ title: person.name ?? person.email ?? 'A Teams user', value: person.teamsUserId as string }));
  return {
    type: 'Input.ChoiceSet',
    id: cardInputId(form, f.name),
    label,
    style: 'filtered',
    choices,
    'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    ...(typeof value === 'string' && value !== '' ? { value } : {}),
    ...(f.optional ? {} : { isRequired: true, ...(f.missing ? { errorMessage: f.missing } : {}) }),
  };
}

function input(form: FormSpec, f: FormField, value: InitialValues[string]): CardInput {
  const id = cardInputId(form, f.name);
  const label = f.optional && f.kind !== 'toggle' ? `${f.label} (optional)` : f.label;
  const required = f.optional ? {} : { isRequired: true, ...(f.missing ? { errorMessage: f.missing } : {}) };
  const typed = value === undefined || value === '' ? {} : { value: String(value) };
  switch (f.kind) {
    case 'text':
    case 'longText':
      return {
        type: 'Input.Text',
        id,
        label,
        ...(f.placeholder ? { placeholder: f.placeholder } : {}),
        ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        ...(f.kind === 'longText' ? { isMultiline: true } : {}),
        ...(f.url ? { style: 'Url' as const } : {}),
        ...typed,
        ...required,
      };
    case 'number':
      // No min/max on the card: the Agents Playground clamps a number past them without a word (150 became
      // 100), so the bounds are shown in the placeholder and the service's message comes back under the input.
      return {
        type: 'Input.Number',
        id,
        label,
        ...(numberPlaceholder(f) ? { placeholder: numberPlaceholder(f) } : {}),
        ...(typeof value === 'number' ? { value } : {}),
        ...required,
      };
    case 'date':
      return { type: 'Input.Date', id, label, ...typed, ...required };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        id,
        label,
        style: f.expanded ? 'expanded' : 'compact',
        choices: (f.choices ?? []).map((choice) => ({ title: choice.label, value: choice.value })),
        ...typed,
        ...required,
      };
    case 'person':
      return {
        type: 'Input.Text',
        id,
        label: `${label}: an email or a Microsoft Entra object id`,
        placeholder: 'name@example.com',
        maxLength: 254,
        ...(Array.isArray(value) ? { value: peopleText(value as Person[]) } : typed),
        ...required,
      };
    case 'people':
      return {
        type: 'Input.Text',
        id,
        label: `${label}: emails or Microsoft Entra object ids`,
        placeholder: PEOPLE_PLACEHOLDER,
        isMultiline: true,
        maxLength: 2000,
        ...(Array.isArray(value) ? { value: peopleText(value as Person[]) } : {}),
        ...required,
      };
    case 'file':
      // formInputs draws a file field as a line of text: no card input takes a file.
      throw new Error(`${f.name} is a file field; cards show it with fileLine`);
    case 'toggle':
      return {
        type: 'Input.Toggle',
        id,
        title: f.toggleText ?? f.label,
        valueOn: 'true',
        valueOff: 'false',
        value: String(value === true),
        wrap: true,
      };
  }
}

/**
 * What the card sent back for the form, by input id: trimmed, empty inputs left out, and a field kept as typed
 * (pasted rules or CSV) exactly as it came, so the line numbers in messages are the ones the person sees.
 */
export function cardFormValues(form: FormSpec, data: Readonly<Record<string, unknown>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of form.fields) {
    const id = cardInputId(form, f.name);
    const value = data[id];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : String(value);
    if (text.trim() !== '') values[id] = f.asTyped ? text : text.trim();
  }
  return values;
}

/**
 * The same form under other input ids, `${id}_field`: a card that holds several of one form (a grouped check-in
 * prompt: `s0_value`, `s1_value`) gives each its own.
 */
export function underIds<F extends FormSpec>(form: F, id: string): F {
  return { ...form, id };
}

/** Every input id of the form, in order, to read what the card sent back. */
export function cardInputIds(form: FormSpec): string[] {
  return form.fields.map((f) => cardInputId(form, f.name));
}

/**
 * What was entered on the card, by field name, for the form's converter: text as typed, a toggle as ticked or
 * not, people as the typed tokens (or the `known` people they name).
 */
export function readCardForm(
  form: FormSpec,
  typed: Readonly<Record<string, string>>,
  known: readonly Person[] = [],
  options: { picked?: readonly string[] } = {},
): FieldValues {
  const read: Record<string, FieldValues[string]> = {};
  for (const f of form.fields) {
    const value = typed[cardInputId(form, f.name)];
    // A toggle the card did not send (an older card) is left to the form's converter to default.
    if (f.kind === 'toggle') read[f.name] = value === undefined ? undefined : value === 'true';
    else if (f.kind === 'people') read[f.name] = peopleInput(value, known);
    else if (f.kind === 'person' && options.picked?.includes(f.name)) {
      // A picker sends the chosen person's Teams user id, never typed text.
      read[f.name] = value ? [known.find((person) => person.teamsUserId === value) ?? { teamsUserId: value }] : [];
    } else if (f.kind === 'person') {
      const people = peopleInput(value, known);
      if (people.length > 1) {
        // Two people in one owner field: refused under it before anything is asked of the service.
        const message = 'Name one person: an email or a Microsoft Entra object id.';
        throw new StewardError('validation', message, { fieldErrors: { [f.name]: message } });
      }
      read[f.name] = people;
    } else read[f.name] = value;
  }
  return read;
}

/** Where a service error path goes on the card (src/chat/forms.ts fieldOfError), for formProblem. */
export function placeFormError(form: FormSpec): (path: string) => Placement {
  return (path) => {
    const found = fieldOfErrorOn(form, path);
    if (!found) return undefined;
    const kind = form.fields.find((f) => f.name === found.field)?.kind;
    return {
      inputId: cardInputId(form, found.field),
      ...(kind === 'people' && found.index !== undefined ? { person: found.index } : {}),
    };
  };
}

/** A number field's placeholder: its bounds ("0 to 100", "0 or more"), after its own example if it has one. */
function numberPlaceholder(f: FormField): string | undefined {
  const bounds =
    f.min !== undefined && f.max !== undefined
      ? `${f.min} to ${f.max}`
      : f.min !== undefined
        ? `${f.min} or more`
        : f.max !== undefined
          ? `at most ${f.max}`
          : undefined;
  if (!f.placeholder) return bounds;
  return bounds && !f.placeholder.includes(String(f.max ?? f.min)) ? `${f.placeholder} (${bounds})` : f.placeholder;
}
