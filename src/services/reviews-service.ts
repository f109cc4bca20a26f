import type { ChatDestination } from '../chat/chat-surface';
import { periodLabel } from '../domain/format';
import { localDateTime } from '../domain/local-time';
import { periodContaining, previousPeriod } from '../domain/periods';
import { MONITORED_STATUSES } from './checkins-service';
import type { ContractsService } from './contracts-service';
import type { ServiceDeps } from './deps';
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

  async postDigests(now: Date): Promise<number> {
    const { store, settings, instanceId, logger } = this.deps;
    const contracts = await store.contracts.list({ status: [...MONITORED_STATUSES] });
    let posted = 0;
    for (const contract of contracts) {
      const local = localDateTime(now, contract.timezone);
      // The morning of the first weekday of the month; Saturday 1st and Sunday 1st move to Monday.
      const firstWorkingDay =
        local.date.slice(8) === '01' ? local.weekday <= 5 : local.weekday === 1 && Number(local.date.slice(8)) <= 3;
      if (!firstWorkingDay || local.hour < settings.promptHour) continue;
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
          // Give the claim back so the next tick tries again instead of skipping the review.
          await giveBack(store, claimKey, token, now);
          logger.error({ err: error, contractRef: contract.reference }, 'could not post a review digest');
        }
      }
    }
    return posted;
  }
}
