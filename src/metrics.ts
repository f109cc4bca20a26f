import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ApiCall } from './chat/api-calls';
import type { AuditRepository } from './store';

/**
 * What operators watch, in Prometheus' text format at GET /metrics (prom-client, a registry per app so that
 * two apps in one process, as in tests, keep their own counts). Counts are this process's: sum them over
 * replicas. The README's Metrics section lists each metric with what it means.
 */
export class StewardMetrics {
  readonly registry = new Registry();
  private readonly auditEvents = new Counter({
    name: 'steward_audit_events_total',
    help: 'Events written to the audit trail by this process, by action (checkin.answered, risk.updated, …).',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  private readonly lifecycle = new Map<string, Counter>();
  private readonly apiCalls = new Counter({
    name: 'steward_chat_api_calls_total',
    help: 'Calls to the Slack Web API and the Bot Framework, by surface, method and outcome (each retry counts).',
    labelNames: ['surface', 'method', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'steward_chat_api_rate_limited_total',
    help: 'Calls answered with HTTP 429, by surface and method.',
    labelNames: ['surface', 'method'] as const,
    registers: [this.registry],
  });
  private readonly jobSeconds = new Histogram({
    name: 'steward_scheduler_job_duration_seconds',
    help: 'How long each scheduled job took when it ran (jobs with nothing due are skipped and not observed).',
    labelNames: ['job'] as const,
    buckets: [0.005, 0.025, 0.1, 0.5, 2, 10, 60, 300],
    registers: [this.registry],
  });
  private readonly jobFailures = new Counter({
    name: 'steward_scheduler_job_failures_total',
    help: 'Scheduled job runs that failed (they run again on the next tick).',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor(options: { databaseUp: () => Promise<boolean> }) {
    for (const [action, name, help] of LIFECYCLE_COUNTERS) {
      this.lifecycle.set(action, new Counter({ name, help, registers: [this.registry] }));
    }
    new Gauge({
      name: 'steward_database_up',
      help: '1 when the database answers a ping at scrape time, 0 when it does not.',
      registers: [this.registry],
      async collect() {
        this.set((await options.databaseUp().catch(() => false)) ? 1 : 0);
      },
    });
    // Node's process and heap figures (process_cpu_seconds_total, nodejs_heap_size_used_bytes, …).
    collectDefaultMetrics({ register: this.registry });
  }

  /** The audit repository, counting what it appended once the append succeeded. */
  countingAudit(audit: AuditRepository): AuditRepository {
    const count = (actions: string[]) => {
      for (const action of actions) {
        this.auditEvents.inc({ action });
        this.lifecycle.get(action)?.inc();
      }
    };
    return {
      ...audit,
      append: async (event) => {
        const appended = await audit.append(event);
        count([event.action]);
        return appended;
      },
      appendMany: async (events) => {
        const appended = await audit.appendMany(events);
        count(events.map((event) => event.action));
        return appended;
      },
    };
  }

  readonly observeApiCall = (call: ApiCall): void => {
    this.apiCalls.inc({ surface: call.surface, method: call.method, outcome: call.outcome });
    if (call.outcome === 'rate_limited') this.rateLimited.inc({ surface: call.surface, method: call.method });
  };

  readonly observeJob = (job: string, seconds: number, outcome: 'ok' | 'failed'): void => {
    this.jobSeconds.observe({ job }, seconds);
    if (outcome === 'failed') this.jobFailures.inc({ job });
  };

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The check-in and escalation milestones operators ask about first, each its own counter. */
const LIFECYCLE_COUNTERS: ReadonlyArray<readonly [action: string, name: string, help: string]> = [
  ['checkin.created', 'steward_checkins_created_total', 'Check-ins created for a KPI period.'],
  ['checkin.prompted', 'steward_checkins_prompted_total', 'Check-ins whose first prompt was posted.'],
  ['checkin.answered', 'steward_checkins_answered_total', 'Check-ins answered with a score.'],
  ['checkin.missed', 'steward_checkins_missed_total', 'Check-ins nobody answered before the grace period ended.'],
  ['escalation.opened', 'steward_escalations_opened_total', 'Escalations opened (red score, missed check-in, …).'],
  ['escalation.acknowledged', 'steward_escalations_acknowledged_total', 'Escalations acknowledged by someone.'],
  ['escalation.climbed', 'steward_escalations_climbed_total', 'Escalations that climbed a level when nobody acted.'],
];
