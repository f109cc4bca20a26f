import type { types } from '@slack/bolt';
import type { FieldValues, FormField, FormSpec } from '../../chat/forms';
import type { Person } from '../../domain/types';
import { checkedValue, textValue, uploadedFile, usersValue, type ViewValues } from '../view-state';
import { input, multiUsersSelect, numberInput, option, staticSelect, textInput, usersSelect } from './kit';

/** What a form opens with, by field name: text, a chosen value, a box ticked or not, Slack user ids of people. */
export type InitialValues = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/**
 * A shared form (src/chat/forms.ts) as modal input blocks: each block_id and action_id is the field's name, so a
 * submission reads as `{ field: value }` and the service's field errors point back at the blocks.
 */
export function formBlocks(
  form: FormSpec,
  initial: InitialValues = {},
  options: { omit?: readonly string[] } = {},
): types.InputBlock[] {
  return form.fields
    .filter((field) => !options.omit?.includes(field.name))
    .map((field) =>
      input(field.name, field.label, element(field, initial[field.name]), {
        optional: field.optional ?? false,
        ...(field.hint ? { hint: field.hint } : {}),
      }),
    );
}

function element(field: FormField, value: InitialValues[string]): types.InputBlockElement {
  const text = value === undefined ? undefined : String(value);
  switch (field.kind) {
    case 'text':
    case 'longText':
      if (field.url) {
        return {
          type: 'url_text_input',
          action_id: '',
          ...(text !== undefined ? { initial_value: text } : {}),
          ...(field.placeholder ? { placeholder: { type: 'plain_text', text: field.placeholder } } : {}),
        };
      }
      return textInput({
        ...(text !== undefined ? { initial: text } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        multiline: field.kind === 'longText',
      });
    case 'number':
      return numberInput({
        decimals: !field.integer,
        ...(typeof value === 'number' ? { initial: value } : {}),
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
      });
    case 'date':
      return { type: 'datepicker', action_id: '', ...(text ? { initial_date: text } : {}) };
    case 'choice': {
      const options = (field.choices ?? []).map((choice) => option(choice.label, choice.value));
      if (field.expanded) {
        const initial = options.find((choice) => choice.value === text);
        return { type: 'radio_buttons', action_id: '', options, ...(initial ? { initial_option: initial } : {}) };
      }
      return staticSelect(options, text);
    }
    case 'person':
      return usersSelect(text);
    case 'people':
      return multiUsersSelect(Array.isArray(value) ? [...value] : []);
    case 'file':
      return {
        type: 'file_input',
        action_id: '',
        max_files: 1,
        ...(field.fileTypes ? { filetypes: [...field.fileTypes] } : {}),
      };
    case 'toggle': {
      const box = { text: { type: 'plain_text' as const, text: field.toggleText ?? field.label }, value: 'yes' };
      return {
        type: 'checkboxes',
        action_id: '',
        options: [box],
        ...(value === true ? { initial_options: [box] } : {}),
      };
    }
  }
}

/** What was entered in a submitted modal, by field name, for the form's converter. */
export function readForm(form: FormSpec, values: ViewValues): FieldValues {
  const read: Record<string, FieldValues[string]> = {};
  for (const field of form.fields) {
    if (field.kind === 'toggle') read[field.name] = checkedValue(values, field.name);
    else if (field.kind === 'file') read[field.name] = uploadedFile(values, field.name)?.id;
    else if (field.kind === 'people' || field.kind === 'person') {
      read[field.name] = usersValue(values, field.name).map((id): Person => ({ slackUserId: id }));
    } else if (field.asTyped) {
      const raw = values.get(field.name)?.value;
      read[field.name] = typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
    } else read[field.name] = textValue(values, field.name);
  }
  return read;
}

/**
 * What a submitted modal opened with, by field name, read off its own blocks (Slack returns them with every
 * submission): to send only what the person changed.
 */
export function readInitialForm(form: FormSpec, blocks: readonly unknown[] | undefined): FieldValues {
  const read: Record<string, FieldValues[string]> = {};
  for (const block of blocks ?? []) {
    const b = block as { type?: unknown; block_id?: unknown; element?: Record<string, unknown> };
    const field = form.fields.find((f) => f.name === b.block_id);
    if (b.type !== 'input' || !field || !b.element) continue;
    const element = b.element;
    if (field.kind === 'toggle') read[field.name] = Array.isArray(element.initial_options);
    else if (field.kind === 'person' || field.kind === 'people') {
      const ids = element.initial_users ?? (element.initial_user ? [element.initial_user] : []);
      read[field.name] = (ids as string[]).map((id): Person => ({ slackUserId: id }));
    } else {
      const value =
        element.initial_value ??
        (element.initial_option as { value?: unknown } | undefined)?.value ??
        element.initial_date;
      if (typeof value === 'string' && value.trim() !== '') read[field.name] = value.trim();
    }
  }
  return read;
}
