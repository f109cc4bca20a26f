import type { Services } from '../services';
import type { Store } from '../store';
import type { ScheduledJob } from './scheduler';

/** Every scheduled job by name, in the order a tick runs them; SCHEDULER_JOBS picks among these. */
export const SCHEDULED_JOB_NAMES = [
  'create-due-checkins',
  'dispatch-checkins',
  'score-follow-ups',
  'climb-escalations',
  'corrective-actions',
  'review-digests',
  'review-packs',
  'obligations',
  'risk-reviews',
  'value-checkins',
  'closeout',
  'store-cleanup',
] as const;
export type ScheduledJobName = (typeof SCHEDULED_JOB_NAMES)[number];

const QUARTER_HOUR_MS = 15 * 60_000;
const CLEANUP_EVERY_MS = 10 * 60_000;

/**
 * Reminders and follow-ups that go out at a local working hour on a due date: looked at every quarter of an
 * hour (which meets every timezone's hour, India's :30 and Nepal's :45 included) and whenever what they read changes.
 */
function nextQuarterHour(now: Date): Date {
  return new Date((Math.floor(now.getTime() / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS);
}

/** The scheduled jobs, each with the topics whose changes wake it and when it next has work. */
export function scheduledJobs(services: Services, store: Store, only?: readonly ScheduledJobName[]): ScheduledJob[] {
  const jobs: Record<ScheduledJobName, Omit<ScheduledJob, 'name'>> = {
    'create-due-checkins': {
      topics: ['contracts'],
      run: (now) => services.checkins.createDueCheckinsScheduled(now),
    },
    'dispatch-checkins': {
      topics: ['checkins', 'contracts'],
      run: async (now) => {
        const done = await services.checkins.dispatchDue(now);
        // A run that did work runs again on the next tick anyway; only an idle one looks up the next action
        // (a sorted read, which FerretDB answers by reading every check-in).
        const busy = done.prompted + done.reminded + done.missed > 0;
        return { ...done, nextRunAt: busy ? now : await store.checkins.earliestAction() };
      },
    },
    // Score submissions interrupted between the score and its follow-ups are finished here. Ungated: a process
    // that died mid-submission touched nothing afterwards, and the intents it left are a handful of documents.
    'score-follow-ups': { run: (now) => services.checkins.resumeScoreFollowUps(now) },
    'climb-escalations': {
      topics: ['escalations', 'contracts'],
      run: async (now) => {
        const climbed = await services.escalations.climbDue(now);
        // Escalation posts that failed for a passing reason (a 429, a 5xx) are tried again with backoff.
        const reposted = await services.escalations.retryPosts(now);
        const [ackDue, retryDue] = await Promise.all([
          climbed > 0 ? now : store.escalations.earliestAckDue(),
          store.escalations.earliestPostRetry(),
        ]);
        const nextRunAt =
          ackDue && retryDue ? new Date(Math.min(ackDue.getTime(), retryDue.getTime())) : (ackDue ?? retryDue);
        return { climbed, reposted, nextRunAt };
      },
    },
    'corrective-actions': {
      topics: ['actions', 'contracts'],
      run: async (now) => ({ ...(await services.correctiveActions.followUp(now)), nextRunAt: nextQuarterHour(now) }),
    },
    'review-digests': { topics: ['contracts'], run: (now) => services.reviews.postDigests(now) },
    // Quarterly review packs, a few days before each governance review; once across replicas (a unique insert).
    'review-packs': { topics: ['contracts'], run: (now) => services.reviewPacks.runScheduled(now) },
    obligations: {
      topics: ['obligations', 'contracts'],
      run: async (now) => ({ ...(await services.obligations.runScheduled(now)), nextRunAt: nextQuarterHour(now) }),
    },
    'risk-reviews': {
      topics: ['risks', 'contracts'],
      run: async (now) => ({ ...(await services.risks.runScheduled(now)), nextRunAt: nextQuarterHour(now) }),
    },
    'value-checkins': { topics: ['contracts'], run: (now) => services.value.runScheduled(now) },
    closeout: { topics: ['contracts'], run: (now) => services.closeout.runScheduled(now) },
    // No TTL indexes on FerretDB: processed event ids, expired claims and old intents are deleted here.
    'store-cleanup': {
      topics: [],
      run: async (now) => ({
        purged: await store.purgeExpired(now),
        nextRunAt: new Date(now.getTime() + CLEANUP_EVERY_MS),
      }),
    },
  };
  return SCHEDULED_JOB_NAMES.filter((name) => !only || only.includes(name)).map((name) => ({ name, ...jobs[name] }));
}
