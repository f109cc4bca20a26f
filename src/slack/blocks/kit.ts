import type { types } from '@slack/bolt';
import { ACTIONS, type ActionSpec, type ActionsOn } from '../../chat/actions';
import { SLACK_ACTION_IDS } from '../ids';
import { truncate } from './mrkdwn';

/**
 * Small Block Kit constructors. They only shape JSON and apply Slack's length limits
 * (https://docs.slack.dev/reference/block-kit/blocks): text passed in is already escaped where it needs to be.
 */
export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type Button = types.Button;
export type InputBlock = types.InputBlock;
export type PlainTextOption = types.PlainTextOption;

/** Slack refuses a message with more than 50 blocks and a modal or Home tab with more than 100. */
export const MESSAGE_BLOCK_LIMIT = 50;
export const VIEW_BLOCK_LIMIT = 100;
/** The block of an escalation, obligation, risk or action list's paging buttons (src/chat/item-paging.ts). */
export const ITEM_PAGING_BLOCK = 'item_list_paging';

export function plain(text: string, max = 3000): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function md(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, 3000) };
}

export function section(text: string, extra: Partial<types.SectionBlock> = {}): types.SectionBlock {
  return { type: 'section', text: md(text), ...extra };
}

export function fields(pairs: Array<[label: string, value: string]>): types.MrkdwnElement[] {
  // A section holds at most 10 fields of at most 2000 characters each.
  return pairs.slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, 2000) }));
}

export function context(text: string, blockId?: string): types.ContextBlock {
  return { type: 'context', ...(blockId ? { block_id: blockId } : {}), elements: [md(text)] };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, 150) };
}

export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', text: plain(text, 75), action_id: actionId, value, ...(style ? { style } : {}) };
}

/** A button of the shared table (src/chat/actions.ts): its label, style and Slack action id. */
export function actionButton(name: ActionsOn<'slack'>, value: string, label?: string): types.Button {
  const spec: ActionSpec = ACTIONS[name];
  return button(label ?? spec.label, SLACK_ACTION_IDS[name], value, spec.style);
}

export function actions(blockId: string | undefined, elements: types.Button[]): types.ActionsBlock {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements };
}

export function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(text, 75), value };
}

/** An input block whose block_id and action_id are the service's field name, so field errors map 1:1. */
export function input(
  field: string,
  label: string,
  element: types.InputBlockElement,
  options: { optional?: boolean; hint?: string } = {},
): types.InputBlock {
  return {
    type: 'input',
    block_id: field,
    label: plain(label, 2000),
    element: { ...element, action_id: field } as types.InputBlockElement,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
  };
}

export function textInput(
  options: { initial?: string; placeholder?: string; multiline?: boolean; maxLength?: number } = {},
): types.PlainTextInput {
  return {
    type: 'plain_text_input',
    action_id: '',
    ...(options.initial !== undefined && options.initial !== '' ? { initial_value: options.initial } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
    ...(options.multiline ? { multiline: true } : {}),
    ...(options.maxLength ? { max_length: options.maxLength } : {}),
  };
}

export function numberInput(options: {
  decimals: boolean;
  initial?: number;
  min?: number;
  max?: number;
  placeholder?: string;
}): types.NumberInput {
  return {
    type: 'number_input',
    action_id: '',
    is_decimal_allowed: options.decimals,
    ...(options.initial !== undefined ? { initial_value: String(options.initial) } : {}),
    ...(options.min !== undefined ? { min_value: String(options.min) } : {}),
    ...(options.max !== undefined ? { max_value: String(options.max) } : {}),
    ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
  };
}

export function staticSelect(choices: types.PlainTextOption[], initialValue?: string): types.StaticSelect {
  const initial = choices.find((choice) => choice.value === initialValue);
  return {
    type: 'static_select',
    action_id: '',
    options: choices,
    ...(initial ? { initial_option: initial } : {}),
  };
}

export function usersSelect(initial?: string): types.UsersSelect {
  return { type: 'users_select', action_id: '', ...(initial ? { initial_user: initial } : {}) };
}

export function multiUsersSelect(initial: string[] = []): types.MultiUsersSelect {
  return { type: 'multi_users_select', action_id: '', ...(initial.length > 0 ? { initial_users: initial } : {}) };
}

export function modal(options: {
  callbackId: string;
  title: string;
  submit?: string;
  close?: string;
  blocks: types.KnownBlock[];
  privateMetadata?: string;
}): types.ModalView {
  return {
    type: 'modal',
    callback_id: options.callbackId,
    // Modal titles take at most 24 characters, submit and close labels 24.
    title: plain(options.title, 24),
    ...(options.submit ? { submit: plain(options.submit, 24) } : {}),
    close: plain(options.close ?? 'Cancel', 24),
    blocks: options.blocks.slice(0, VIEW_BLOCK_LIMIT),
    ...(options.privateMetadata ? { private_metadata: options.privateMetadata } : {}),
  };
}

/** "‹ Previous" / "Next ›" under a list longer than a page, carrying what each asks for; nothing when one page. */
export function pagingBlock(blockId: string, pages: { previous?: string; next?: string }): types.ActionsBlock[] {
  const buttons = [
    ...(pages.previous !== undefined ? [actionButton('previousPage', pages.previous)] : []),
    ...(pages.next !== undefined ? [actionButton('nextPage', pages.next)] : []),
  ];
  return buttons.length > 0 ? [actions(blockId, buttons)] : [];
}
