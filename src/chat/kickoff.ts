import { StewardError } from '../domain/errors';

interface KickoffCalls<View, Caller> {
  postKickoff(actor: Caller, reference: string): Promise<{ posted: number }>;
  checklist(actor: Caller, reference: string): Promise<View>;
}

/** What `kickoff REF` answers: the checklist, and what happened to the posting. */
export interface KickoffAnswer<View> {
  view: View;
  /** Linked channels the checklist was just posted in; absent when it was only shown. */
  posted?: number;
  /** Why nothing was posted (already acknowledged, no linked channel, not started yet), in the service's words. */
  note?: string;
}

/**
 * `kickoff REF`, the same on both surfaces: for the contract team, the checklist is posted in every linked
 * channel that has not had it (the service decides who may and where), then shown as the caller may see it. A
 * vendor, or anyone in a place shared with one, is only shown it. When the service says there is nothing to
 * post, the checklist is still shown, with the reason on top.
 */
export async function kickoffForCaller<View, Caller extends { external: boolean; channel?: { shared: boolean } }>(
  kickoff: KickoffCalls<View, Caller>,
  actor: Caller,
  reference: string,
): Promise<KickoffAnswer<View>> {
  if (actor.external || actor.channel?.shared) return { view: await kickoff.checklist(actor, reference) };
  let answer: Omit<KickoffAnswer<View>, 'view'>;
  try {
    answer = { posted: (await kickoff.postKickoff(actor, reference)).posted };
  } catch (error) {
    if (!(error instanceof StewardError) || (error.code !== 'conflict' && error.code !== 'validation')) throw error;
    answer = { note: error.userMessage };
  }
  return { view: await kickoff.checklist(actor, reference), ...answer };
}
