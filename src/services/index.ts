import type { ChatSurfaces } from '../chat/chat-surface';
import type { Clock } from '../domain/clock';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { AuditTrailService } from './audit-trail-service';
import { recordRefusal } from './authorization';
import { CheckinsService } from './checkins-service';
import { CloseoutService } from './closeout-service';
import { ContractsService } from './contracts-service';
import { CorrectiveActionsService } from './corrective-actions-service';
import { DashboardService } from './dashboard-service';
import type { ServiceDeps, ServiceSettings } from './deps';
import { EscalationsService } from './escalations-service';
import { FileLinks } from './file-links';
import { ForecastsService } from './forecasts-service';
import { ImportsService } from './imports-service';
import { KickoffService } from './kickoff-service';
import { ObligationsService } from './obligations-service';
import { ReportsService } from './reports-service';
import { ReviewPacksService } from './review-packs-service';
import { ReviewsService } from './reviews-service';
import { RisksService } from './risks-service';
import type { StewardServices } from './service-api';
import { ServiceCreditsService } from './service-credits-service';
import { ValueService } from './value-service';

export interface Services extends StewardServices {
  contracts: ContractsService;
  checkins: CheckinsService;
  escalations: EscalationsService;
  dashboard: DashboardService;
  reviews: ReviewsService;
  correctiveActions: CorrectiveActionsService;
  kickoff: KickoffService;
  obligations: ObligationsService;
  risks: RisksService;
  serviceCredits: ServiceCreditsService;
  value: ValueService;
  closeout: CloseoutService;
  auditTrail: AuditTrailService;
  reports: ReportsService;
  imports: ImportsService;
  forecasts: ForecastsService;
  reviewPacks: ReviewPacksService;
  deps: ServiceDeps;
}

export function createServices(options: {
  store: Store;
  surfaces: ChatSurfaces;
  clock: Clock;
  logger: Logger;
  settings: ServiceSettings;
  instanceId: string;
}): Services {
  const deps: ServiceDeps = {
    ...options,
    ...(options.settings.fileLinks
      ? { fileLinks: new FileLinks(options.store, options.clock, options.settings.fileLinks) }
      : {}),
  };
  const escalations = new EscalationsService(deps);
  const kickoff = new KickoffService(deps);
  const contracts = new ContractsService(deps, {
    onActivated: (contract) => kickoff.onActivated(contract),
    onChannelLinked: (contract, channel) => kickoff.onChannelLinked(contract, channel),
  });
  const forecasts = new ForecastsService(deps);
  const checkins = new CheckinsService(deps, escalations, forecasts);
  const dashboard = new DashboardService(deps, contracts, escalations);
  const reviews = new ReviewsService(deps, contracts);
  const correctiveActions = new CorrectiveActionsService(deps, escalations);
  const serviceCredits = new ServiceCreditsService(deps);
  return {
    deps,
    reviews,
    correctiveActions,
    contracts,
    checkins,
    escalations,
    dashboard,
    audit: { recordRefusal: (actor, what, contractRef) => recordRefusal(deps, actor, what, contractRef) },
    kickoff,
    obligations: new ObligationsService(deps, escalations),
    risks: new RisksService(deps),
    serviceCredits,
    value: new ValueService(deps),
    closeout: new CloseoutService(deps),
    auditTrail: new AuditTrailService(deps),
    reports: new ReportsService(deps),
    imports: new ImportsService(deps),
    forecasts,
    reviewPacks: new ReviewPacksService(deps, contracts, serviceCredits, options.settings.reviewPack),
  };
}

export { DEFAULT_SERVICE_SETTINGS } from './deps';
export type { ServiceSettings };
