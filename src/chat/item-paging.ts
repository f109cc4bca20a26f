import { pageRange } from './list-paging';

/**
 * Paging the lists that hang off a contract or a person, once for both surfaces: escalations, obligations, risks
 * and corrective actions. The service reads the whole list (its length is the true total: nothing is cut before
 * it is counted); a surface shows one page of it, says which part of how many ("21–40 of 45"), and offers
 * "‹ Previous" / "Next ›" that ask the service again for the same list (the same contract, the same `all`) from
 * another start. A button's value comes back from the client, so reading it trusts nothing.
 */
export const ITEM_LISTS = ['escalations', 'obligations', 'risks', 'actions'] as const;
export type ItemList = (typeof ITEM_LISTS)[number];

/**
 * Items on a page: what a Slack message holds (50 blocks; an obligation or an action with buttons takes two) and a
 * Teams card holds with the forms under each open obligation and action.
 */
export const ITEM_PAGE_SIZE: Readonly<Record<ItemList, number>> = {
  escalations: 20,
  risks: 20,
  obligations: 10,
  actions: 10,
};

export interface ItemPageRequest {
  list: ItemList;
  /** The contract the list is of; escalations may be everyone's the person can see. */
  reference?: string;
  /** Corrective actions: finished ones too (`actions REF all`). */
  all?: boolean;
  offset: number;
}

export interface ItemPage<T> {
  items: T[];
  offset: number;
  total: number;
  pageSize: number;
}

/** A reference as the commands read them: capital letters, digits and dashes. */
const REFERENCE = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

export function encodeItemPage(request: ItemPageRequest): string {
  return JSON.stringify({
    l: request.list,
    r: request.reference,
    ...(request.all ? { a: 1 } : {}),
    at: request.offset,
  });
}

/** The page a button asks for; undefined when the value is not one Steward made for one of these lists. */
export function decodeItemPage(value: unknown): ItemPageRequest | undefined {
  if (typeof value !== 'string' || value.length > 300) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const { l, r, a, at } = raw as Record<string, unknown>;
  if (typeof l !== 'string' || !(ITEM_LISTS as readonly string[]).includes(l)) return undefined;
  if (!Number.isInteger(at) || (at as number) < 0) return undefined;
  if (r !== undefined && (typeof r !== 'string' || !REFERENCE.test(r))) return undefined;
  // Only escalations may be listed without a contract.
  if (r === undefined && l !== 'escalations') return undefined;
  return {
    list: l as ItemList,
    ...(typeof r === 'string' ? { reference: r } : {}),
    ...(a === 1 ? { all: true } : {}),
    offset: at as number,
  };
}

/** The page of `items` starting at `offset` (rounded to a page; past the end: the last page). */
export function pageItems<T>(items: readonly T[], list: ItemList, offset = 0): ItemPage<T> {
  const pageSize = ITEM_PAGE_SIZE[list];
  const total = items.length;
  const wanted = Math.max(0, Math.floor(Number(offset) || 0));
  const last = total === 0 ? 0 : Math.floor((total - 1) / pageSize) * pageSize;
  const start = Math.min(wanted - (wanted % pageSize), last);
  return { items: items.slice(start, start + pageSize), offset: start, total, pageSize };
}

/** "21–40 of 45": which part of the whole list a page shows. */
export function itemRange(page: ItemPage<unknown>): string {
  return pageRange({ offset: page.offset, total: page.total, contracts: page.items });
}

/** The requests for the pages either side of this one, when there are. */
export function itemNeighbours(
  page: ItemPage<unknown>,
  request: Omit<ItemPageRequest, 'offset'>,
): { previous?: string; next?: string } {
  return {
    ...(page.offset > 0
      ? { previous: encodeItemPage({ ...request, offset: Math.max(0, page.offset - page.pageSize) }) }
      : {}),
    ...(page.offset + page.pageSize < page.total
      ? { next: encodeItemPage({ ...request, offset: page.offset + page.pageSize }) }
      : {}),
  };
}

/**
 * The order obligations are listed in on both surfaces, so a page holds the same ones on each: open first (overdue
 * first, then the soonest due), then closed ones (the latest due first).
 */
export function obligationOrder<T extends { outcome: string; overdue: boolean; dueDate: string }>(
  obligations: readonly T[],
): T[] {
  const open = obligations
    .filter((obligation) => obligation.outcome === 'open')
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate));
  const closed = obligations
    .filter((obligation) => obligation.outcome !== 'open')
    .sort((a, b) => b.dueDate.localeCompare(a.dueDate));
  return [...open, ...closed];
}

/** After a list's heading when it has more than one page: " · 21–40 of 45". */
export function pagedSuffix(page: ItemPage<unknown>): string {
  return page.total > page.pageSize ? ` · ${itemRange(page)}` : '';
}

/** Corrective actions as both surfaces list them: unfinished first, closed and cancelled after, each as read. */
export function correctiveActionOrder<T extends { status: string }>(actions: readonly T[]): T[] {
  const finished = (action: T) => action.status === 'closed' || action.status === 'cancelled';
  return [...actions.filter((action) => !finished(action)), ...actions.filter(finished)];
}
