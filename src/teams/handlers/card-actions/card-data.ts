import type { CheckinItemView, CheckinPromptView, EscalationView, PostedMessage } from '../../../chat/chat-surface';
import { type FormSpec, formInput, SCORE_ANSWER_FORM } from '../../../chat/forms';
import { StewardError } from '../../../domain/errors';
import { type CheckinProblem, checkinPromptCard } from '../../cards/checkin-card';
import { type EscalationProblem, escalationCard } from '../../cards/escalation-card';
import { cardFormValues, readCardForm, underIds } from '../../cards/form-inputs';
import { viewOf } from '../context';
import type { CardActionArgs, CardActionOutcome } from '../types';

/**
 * Reading what a card sent back. Inputs arrive as strings (or are missing when left empty); the
 * ids in `data` were written by our own cards but still come from the client, so they are checked.
 */
const OUT_OF_DATE = 'This card is out of date. Type "steward home" to see what is waiting for you.';

export function requiredId(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'string' || value.trim() === '') throw new StewardError('conflict', OUT_OF_DATE);
  return value;
}

/** A typed value, or undefined when the input was left empty. */
export function input(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : String(value);
  return text === '' ? undefined : text;
}

export interface CheckinTarget {
  checkinId: string;
  slot: number;
  dueAt?: Date;
}

export function checkinTarget(data: Record<string, unknown>): CheckinTarget {
  const checkinId = requiredId(data, 'checkinId');
  const slot = Number(data.slot ?? 0);
  const dueAt = typeof data.dueAt === 'string' ? new Date(data.dueAt) : undefined;
  return {
    checkinId,
    slot: Number.isInteger(slot) && slot >= 0 ? slot : 0,
    ...(dueAt && !Number.isNaN(dueAt.getTime()) ? { dueAt } : {}),
  };
}

/**
 * What was typed under one check-in of the card (its inputs are `s0_value`, `s0_reason`…), read with the shared
 * score or not-applicable form: `{ value, comment?, evidenceUrl? }` or `{ reason }`, as typed.
 */
export function checkinInputs(
  data: Record<string, unknown>,
  slot: number,
  form: FormSpec = SCORE_ANSWER_FORM,
): Record<string, unknown> {
  const onCard = underIds(form, `s${slot}`);
  return formInput(form, readCardForm(onCard, cardFormValues(onCard, data)));
}

function posted(args: CardActionArgs): PostedMessage | undefined {
  return args.messageId
    ? {
        surface: 'teams',
        channelId: args.conversation.id,
        messageId: args.messageId,
        serviceUrl: args.conversation.serviceUrl,
      }
    : undefined;
}

/**
 * The prompt card again with one check-in changed. A grouped prompt keeps its other check-ins as last
 * posted (the surface remembers each prompt card it posted); a prompt it does not know shows this one only.
 */
export async function refreshedPrompt(args: CardActionArgs, item: CheckinItemView): Promise<CardActionOutcome> {
  const message = posted(args);
  const known = message ? await args.deps.store.promptOf(message.channelId, message.messageId) : undefined;
  const prompt = known
    ? { ...known, items: known.items.map((existing) => (existing.checkinId === item.checkinId ? item : existing)) }
    : { items: [item], addressees: [] };
  if (message) await args.deps.store.savePrompt(message, prompt);
  return { card: checkinPromptCard(prompt, undefined, viewOf(args.conversation)) };
}

/** The prompt card with the rejected answer typed back in and the service's messages under its inputs. */
export async function rejectedPrompt(
  args: CardActionArgs,
  target: CheckinTarget,
  problem: CheckinProblem,
): Promise<CardActionOutcome> {
  const message = posted(args);
  const known = message ? await args.deps.store.promptOf(message.channelId, message.messageId) : undefined;
  if (known?.items.some((item) => item.checkinId === target.checkinId)) {
    return { card: checkinPromptCard(known, problem, viewOf(args.conversation)) };
  }
  // Not a card we remember (a restart, or another replica posted it): ask the service for the form. It checks
  // access again and writes nothing.
  const item = await openCheckinItem(args, target.checkinId, target.dueAt);
  return { card: checkinPromptCard({ items: [item], addressees: [] }, problem, viewOf(args.conversation)) };
}

/** A check-in to answer, as a prompt card shows it, from the service's form (which checks access, writes nothing). */
export async function openCheckinItem(args: CardActionArgs, checkinId: string, dueAt?: Date): Promise<CheckinItemView> {
  const form = await args.deps.services.checkins.openScoreForm(args.actor, checkinId);
  return {
    checkinId: form.checkinId,
    contractRef: form.contractRef,
    contractTitle: form.contractTitle,
    kpi: form.kpi,
    periodKey: form.periodKey,
    periodLabel: form.periodLabel,
    dueAt: dueAt ?? args.deps.clock(),
    state: { status: 'open' },
  };
}

/** Remembers the prompt a card now shows, so its buttons redraw it (a home card turned into a check-in). */
export async function rememberPrompt(args: CardActionArgs, prompt: CheckinPromptView): Promise<void> {
  const message = posted(args);
  if (message) await args.deps.store.savePrompt(message, prompt);
}

export async function refreshedEscalation(args: CardActionArgs, view: EscalationView): Promise<CardActionOutcome> {
  const message = posted(args);
  if (message) await args.deps.store.saveEscalation(message, view);
  return { card: escalationCard(view) };
}

export async function rejectedEscalation(args: CardActionArgs, problem: EscalationProblem): Promise<CardActionOutcome> {
  const message = posted(args);
  const known = message ? await args.deps.store.escalationOf(message.channelId, message.messageId) : undefined;
  // Without the card's escalation there is nothing to draw the form on; the message alone still says what to fix.
  return known ? { card: escalationCard(known, problem) } : { message: problem.message };
}
