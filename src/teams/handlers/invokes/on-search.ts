import type { ISearchInvokeActivity, SearchInvokeResponse } from '@microsoft/teams.api';
import { CONTRACT_PICKER, pickerOptionText, pickerWords, TEAMS_PICKER_RESULTS } from '../../../chat/contract-picker';
import { actorFromActivity } from '../../actor';
import type { TeamsHandlerDeps } from '../types';

const SEARCH_RESPONSE = 'application/vnd.microsoft.search.searchResponse' as const;

/**
 * The contract picker's type-ahead (an `Input.ChoiceSet` with `Data.Query`): Teams sends the typed text as an
 * `application/search` invoke, with `skip` and `top` as the person scrolls, and shows the results it is answered
 * with (at most 15 at a time). The contracts the person may see that match every typed word, worst first; a vendor
 * only their own. A dataset Steward did not put on a card gets no results, and a failure answers none and is logged.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search
 */
export async function onSearch(activity: ISearchInvokeActivity, deps: TeamsHandlerDeps): Promise<SearchInvokeResponse> {
  const answer = (results: SearchInvokeResponse['value']['results']): SearchInvokeResponse => ({
    statusCode: 200,
    type: SEARCH_RESPONSE,
    value: { results },
  });
  const value = activity.value ?? ({} as ISearchInvokeActivity['value']);
  if (value.dataset !== CONTRACT_PICKER.dataset) return answer([]);
  const top = Math.min(
    TEAMS_PICKER_RESULTS,
    Math.max(1, Math.floor(Number(value.queryOptions?.top) || 0) || TEAMS_PICKER_RESULTS),
  );
  const skip = Math.max(0, Math.floor(Number(value.queryOptions?.skip) || 0));
  try {
    const actor = actorFromActivity(activity, { tenantId: deps.tenantId });
    const page = await deps.services.contracts.list(
      actor,
      { words: pickerWords(value.queryText) },
      { offset: skip, limit: top },
    );
    // The service starts pages at a multiple of their size, and gives the last page again past the end: what lies
    // before `skip` is dropped, so a scrolling client never sees a contract twice.
    return answer(
      page.contracts
        .slice(Math.max(0, skip - page.offset))
        .map((contract) => ({ title: pickerOptionText(contract), value: contract.reference })),
    );
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not answer the contract picker');
    return answer([]);
  }
}
