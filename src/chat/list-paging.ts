import { CONTRACT_STATUSES, type ContractStatus } from '../domain/types';
import { LIST_RAGS, type ListRag, MAX_ENDING_DAYS, MAX_LIST_WORDS } from './commands';

/** A contract list's filter as the services take it (service-api ContractFilter), owner already an id. */
export interface ListFilter {
  status?: ContractStatus;
  owner?: string;
  vendor?: string;
  rag?: ListRag;
  endingWithinDays?: number;
  words?: string[];
}

/** How every contract list is ordered, said under its heading. */
export const LIST_ORDER = 'worst first';

/**
 * The filters other than the owner, as plain words ("status:active · rag:red · ending within 90 days · "catering""),
 * for a heading or a "no contract matches …" answer; each surface escapes it and adds the owner its own way.
 */
export function describeListFilter(filter: ListFilter): string[] {
  return [
    ...(filter.status ? [`status:${filter.status}`] : []),
    ...(filter.vendor ? [`vendor:"${filter.vendor}"`] : []),
    ...(filter.rag ? [`rag:${filter.rag}`] : []),
    ...(filter.endingWithinDays ? [`ending within ${filter.endingWithinDays} days`] : []),
    ...(filter.words ?? []).map((word) => `"${shortened(word)}"`),
  ];
}

function shortened(word: string): string {
  return word.length > 60 ? `${word.slice(0, 59)}…` : word;
}

/** Where a page of a list stands (service-api ContractPage). */
export interface PagePosition {
  offset: number;
  total: number;
  pageSize: number;
  contracts: { length: number };
}

/**
 * Paging a contract list, once for both surfaces: what a Previous/Next button carries (the filter, already
 * resolved to ids, and where the page starts), the heading that says which part of how many is shown, and which
 * buttons a page gets. A button's value comes back from the client, so reading it trusts nothing.
 */
export interface ListPageRequest {
  filter: ListFilter;
  offset: number;
  /** The list's title as first asked ("Your contracts"), kept across pages. */
  title?: string;
}

const MAX_TEXT = 200;

export function encodeListPage(request: ListPageRequest): string {
  return JSON.stringify({
    s: request.filter.status,
    o: request.filter.owner,
    v: request.filter.vendor,
    r: request.filter.rag,
    e: request.filter.endingWithinDays,
    w: request.filter.words,
    at: request.offset,
    t: request.title,
  });
}

/** The page a button asks for; undefined when the value is not one Steward made. */
export function decodeListPage(value: unknown): ListPageRequest | undefined {
  if (typeof value !== 'string' || value.length > 2_000) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  // An escalation, obligation, risk or action list's page (item-paging.ts) names its list: never a contract list's.
  if ('l' in raw) return undefined;
  const { s, o, v, r, e, w, at, t } = raw as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x !== '' && x.length <= MAX_TEXT ? x : undefined);
  if (!Number.isInteger(at) || (at as number) < 0) return undefined;
  const filter: ListFilter = {};
  if (typeof s === 'string' && (CONTRACT_STATUSES as readonly string[]).includes(s))
    filter.status = s as ContractStatus;
  if (text(o)) filter.owner = text(o);
  if (text(v)) filter.vendor = text(v);
  if (typeof r === 'string' && (LIST_RAGS as readonly string[]).includes(r)) filter.rag = r as ListRag;
  if (Number.isInteger(e) && (e as number) >= 1 && (e as number) <= MAX_ENDING_DAYS)
    filter.endingWithinDays = e as number;
  if (w !== undefined) {
    // A search the button cannot carry whole is not narrowed silently: the list is asked for again instead.
    if (!Array.isArray(w) || w.length > MAX_LIST_WORDS || !w.every((word) => text(word))) return undefined;
    if (w.length > 0) filter.words = w as string[];
  }
  return { filter, offset: at as number, ...(text(t) ? { title: text(t) } : {}) };
}

/** "21–40 of 250", or "1 of 1"; the order is said so nobody wonders which 20 were chosen. */
export function pageRange(page: Omit<PagePosition, 'pageSize'>): string {
  if (page.total === 0) return '0';
  const first = page.offset + 1;
  const last = page.offset + page.contracts.length;
  return `${first === last ? first : `${first}–${last}`} of ${page.total}`;
}

/** The pages either side of this one, when there are. */
export function neighbourPages(page: Omit<PagePosition, 'contracts'>): {
  previous?: number;
  next?: number;
} {
  return {
    ...(page.offset > 0 ? { previous: Math.max(0, page.offset - page.pageSize) } : {}),
    ...(page.offset + page.pageSize < page.total ? { next: page.offset + page.pageSize } : {}),
  };
}
