import type { ViewOutput, ViewStateValue } from '@slack/bolt';

/**
 * Reading what a person entered in a modal. Every input block's block_id and action_id are the service's
 * field name, so a submission reads as `{ field: value }` and the service's `fieldErrors` (keyed by field)
 * point straight back at the blocks.
 */
export type ViewValues = ReadonlyMap<string, ViewStateValue>;

export function readViewValues(view: Pick<ViewOutput, 'state'>): ViewValues {
  const values = new Map<string, ViewStateValue>();
  for (const [blockId, byAction] of Object.entries(view.state?.values ?? {})) {
    const first = byAction[blockId] ?? Object.values(byAction)[0];
    if (first) values.set(blockId, first);
  }
  return values;
}

/** The single value of an input as the person typed or picked it, trimmed; undefined when empty. */
export function textValue(values: ViewValues, field: string): string | undefined {
  const state = values.get(field);
  if (!state) return undefined;
  const raw =
    state.value ??
    state.selected_option?.value ??
    state.selected_date ??
    state.selected_user ??
    state.selected_conversation ??
    state.selected_channel ??
    undefined;
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function usersValue(values: ViewValues, field: string): string[] {
  const state = values.get(field);
  if (!state) return [];
  if (Array.isArray(state.selected_users)) return state.selected_users.filter((id) => typeof id === 'string');
  return typeof state.selected_user === 'string' ? [state.selected_user] : [];
}

/** A file uploaded through a `file_input`: Slack's id for it, its name, size and private download link. */
export interface UploadedFileRef {
  id: string;
  name: string;
  size?: number;
  url: string;
}

/** The first file uploaded into a `file_input`, if any. */
export function uploadedFile(values: ViewValues, field: string): UploadedFileRef | undefined {
  const file = values.get(field)?.files?.[0] as
    | { id?: unknown; name?: unknown; size?: unknown; url_private_download?: unknown; url_private?: unknown }
    | undefined;
  if (!file || typeof file.id !== 'string') return undefined;
  const url = typeof file.url_private_download === 'string' ? file.url_private_download : file.url_private;
  return {
    id: file.id,
    name: typeof file.name === 'string' && file.name !== '' ? file.name : 'The file',
    ...(typeof file.size === 'number' ? { size: file.size } : {}),
    url: typeof url === 'string' ? url : '',
  };
}

export function checkedValue(values: ViewValues, field: string): boolean {
  return (values.get(field)?.selected_options?.length ?? 0) > 0;
}

/** The input blocks of a view, in order: the only block ids Slack accepts in `response_action: 'errors'`. */
export function inputBlockIds(view: Pick<ViewOutput, 'blocks'>): string[] {
  return (view.blocks ?? [])
    .filter((block) => block.type === 'input' && typeof block.block_id === 'string')
    .map((block) => block.block_id as string);
}

/**
 * Maps the service's field errors onto input blocks. A key matches a block directly, through an alias
 * (nested paths such as `vendor.name`), or by its last path segment; anything left over is shown on the first
 * input so no message is lost (Slack rejects an `errors` key that names no input block).
 */
export function toBlockErrors(
  fieldErrors: Record<string, string>,
  blockIds: readonly string[],
  alias: (key: string) => string | undefined = () => undefined,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = new Set(blockIds);
  const add = (blockId: string, message: string) => {
    errors[blockId] = errors[blockId] ? `${errors[blockId]} ${message}` : message;
  };
  const leftovers: string[] = [];
  for (const [key, message] of Object.entries(fieldErrors)) {
    const segments = key.split('.');
    const candidates = [alias(key), key, segments[segments.length - 1], segments[0]];
    const target = candidates.find((candidate): candidate is string => candidate !== undefined && known.has(candidate));
    if (target) add(target, message);
    else leftovers.push(message);
  }
  const first = blockIds[0];
  if (first) for (const message of leftovers) add(first, message);
  // Slack shows at most a short line under a field; keep each message readable.
  for (const [blockId, message] of Object.entries(errors)) errors[blockId] = message.slice(0, 300);
  return errors;
}
