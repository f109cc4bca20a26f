import type { ChatDestination } from '../chat/chat-surface';
import { periodLabel } from '../domain/format';
import { addDays, addMonths, instantAtLocalTime, isoWeekday, localDateTime } from '../domain/local-time';
import { periodContaining, previousPeriod } from '../domain/periods';
import type { IsoDate } from '../domain/types';
import type { ContractRecord } from '../store/records';
import { MONITORED_STATUSES } from './checkins-service';
import type { ContractsService } from './contracts-service';
import type { ServiceDeps } from './deps';
import { NextDueWriter } from './next-due';
import { giveBack, takeOnce } from './once';

/**
 * Regular reviews: on the first working morning of a month (and of a quarter) each monitored
 * contract's scorecard for the period just ended goes to its internal channels, and the vendor view
 * to its vendor channel.
 */
export class ReviewsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly contracts: ContractsService,
  ) {}

  async postDigests(now: Date): Promise<{ posted: number; nextRunAt: Date | null }> {
    const { store, logger } = this.deps;
    // Only the contracts whose review morning has come (an indexed next-due time), not every monitored one.
    const contracts = await store.contracts.dueFor('digests', now, MONITORED_STATUSES);
    const nextDue = new NextDueWriter(store, 'digests');
    let posted = 0;
    for (const contract of contracts) {
      try {
        const result = await this.postDigestsOf(contract, now);
        posted += result.posted;
        await nextDue.add(contract, result.next);
      } catch (error) {
        logger.error({ err: error, contractRef: contract.reference }, 'could not post a review digest');
      }
    }
    await nextDue.flush();
    return { posted, nextRunAt: await store.contracts.earliestDue('digests', MONITORED_STATUSES) };
  }

  private async postDigestsOf(contract: ContractRecord, now: Date): Promise<{ posted: number; next: Date }> {
    const { store, settings, instanceId, logger } = this.deps;
    const local = localDateTime(now, contract.timezone);
    const reviewMorning = (month: IsoDate) =>
      instantAtLocalTime(firstWorkingDayOf(month), settings.promptHour, 0, contract.timezone);
    const thisMonth = `${local.date.slice(0, 7)}-01`;
    const nextMonthsMorning = reviewMorning(addMonths(thisMonth, 1));
    const thisMonthsMorning = reviewMorning(thisMonth);
    if (now < thisMonthsMorning) return { posted: 0, next: thisMonthsMorning };
    // The review morning of this month has passed; the digest goes out on that day only, as before.
    if (local.date !== firstWorkingDayOf(thisMonth)) return { posted: 0, next: nextMonthsMorning };
    const month = previousPeriod(
      { type: 'monthly' },
      periodContaining({ type: 'monthly' }, now, contract.timezone),
      contract.timezone,
    );
    const reviews = [{ kind: 'Monthly', key: month.key }];
    if (['01', '04', '07', '10'].includes(local.date.slice(5, 7))) {
      const quarter = previousPeriod(
        { type: 'quarterly' },
        periodContaining({ type: 'quarterly' }, now, contract.timezone),
        contract.timezone,
      );
      reviews.push({ kind: 'Quarterly', key: quarter.key });
    }
    let posted = 0;
    let next = nextMonthsMorning;
    for (const review of reviews) {
      const claimKey = `digest:${contract.reference}:${review.key}`;
      // A digest is posted once per contract and period, across every replica.
      const token = await takeOnce(store, claimKey, instanceId, now);
      if (!token) continue;
      try {
        const destinations: ChatDestination[] = contract.channels.map((channel) => ({
          surface: channel.surface,
          channelId: channel.channelId,
          serviceUrl: channel.serviceUrl,
          purpose: channel.purpose,
        }));
        for (const destination of destinations) {
          const surface = this.deps.surfaces.get(destination.surface);
          if (!surface) continue;
          const scorecard = await this.contracts.scorecardView(contract, destination.purpose === 'vendor');
          await surface.postScorecard(destination, {
            heading: `${review.kind} review of ${contract.reference} for ${periodLabel(review.key)}`,
            scorecard,
          });
          posted += 1;
        }
      } catch (error) {
        // Give the claim back so a later tick tries again the same morning instead of skipping the review.
        await giveBack(store, claimKey, token, now);
        next = new Date(now.getTime() + RETRY_MS);
        logger.warn(
          { contractRef: contract.reference, reason: (error as Error).message },
          'could not post a review digest',
        );
      }
    }
    return { posted, next };
  }
}

/** A failed digest is tried again after this, the same morning. */
const RETRY_MS = 15 * 60_000;

/** The first weekday of a month: Saturday 1st and Sunday 1st move to Monday. */
function firstWorkingDayOf(month: IsoDate): IsoDate {
  const first = `${month.slice(0, 7)}-01`;
  const weekday = isoWeekday(first);
  return weekday <= 5 ? first : addDays(first, 8 - weekday);
}
