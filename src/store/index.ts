import type { Connection } from 'mongoose';
import { type Clock, systemClock } from '../domain/clock';
import { type AuditRepository, createAuditModel, createAuditRepository } from './audit';
import { type CheckinRepository, createCheckinModel, createCheckinRepository } from './checkins';
import { createClaimTable } from './claims';
import { type ContractRepository, createContractModel, createContractRepository } from './contracts';
import {
  type CorrectiveActionRepository,
  createCorrectiveActionModel,
  createCorrectiveActionRepository,
} from './corrective-actions';
import { createEscalationModel, createEscalationRepository, type EscalationRepository } from './escalations';
import { createKpiModels, createKpiRepository, type KpiRepository } from './kpis';
import { createLeaseRepository, type LeaseRepository } from './leases';
import { createLessonModel, createLessonRepository, type LessonRepository } from './lessons';
import { createObligationModel, createObligationRepository, type ObligationRepository } from './obligations';
import { createRiskModel, createRiskRepository, type RiskRepository } from './risks';
import { createScoreModel, createScoreRepository, type ScoreRepository } from './scores';
import { createTeamsConversationRepository, type TeamsConversationRepository } from './teams-conversations';
import { createValueModel, createValueRepository, type ValueRepository } from './values';

export interface Store {
  contracts: ContractRepository;
  kpis: KpiRepository;
  checkins: CheckinRepository;
  scores: ScoreRepository;
  escalations: EscalationRepository;
  correctiveActions: CorrectiveActionRepository;
  obligations: ObligationRepository;
  risks: RiskRepository;
  values: ValueRepository;
  lessons: LessonRepository;
  audit: AuditRepository;
  leases: LeaseRepository;
  teamsConversations: TeamsConversationRepository;
  /** Creates the collections and brings their indexes in line with the schemas (autoIndex is off). */
  ensureIndexes(): Promise<void>;
}

/**
 * The store on an injected mongoose connection (never the global one), with every timestamp taken
 * from `clock`. Works on MongoDB 6+ and on the embedded FerretDB 1.24; see shared.ts for what the
 * latter does not guarantee and how the repositories get by without it.
 */
export function createStore(connection: Connection, clock: Clock = systemClock): Store {
  const claims = createClaimTable(connection, clock, 'Claim', 'claims');
  const leaseTable = createClaimTable(connection, clock, 'Lease', 'leases');
  const Contract = createContractModel(connection, clock);
  const kpiModels = createKpiModels(connection, clock);
  const Checkin = createCheckinModel(connection, clock);
  const Score = createScoreModel(connection, clock);
  const Escalation = createEscalationModel(connection, clock);
  const CorrectiveAction = createCorrectiveActionModel(connection, clock);
  const Obligation = createObligationModel(connection, clock);
  const Risk = createRiskModel(connection, clock);
  const Value = createValueModel(connection, clock);
  const Lesson = createLessonModel(connection, clock);
  const AuditEvent = createAuditModel(connection, clock);
  const teamsConversations = createTeamsConversationRepository(connection, clock);

  const models = [
    claims.model,
    leaseTable.model,
    Contract,
    kpiModels.Kpi,
    kpiModels.KpiVersion,
    Checkin,
    Score,
    Escalation,
    CorrectiveAction,
    Obligation,
    Risk,
    Value,
    Lesson,
    AuditEvent,
    ...teamsConversations.models,
  ];

  return {
    contracts: createContractRepository(Contract, kpiModels, claims, clock),
    kpis: createKpiRepository(kpiModels, clock),
    checkins: createCheckinRepository(Checkin, claims, clock),
    scores: createScoreRepository(Score, Checkin, claims, clock),
    escalations: createEscalationRepository(Escalation, claims, clock),
    correctiveActions: createCorrectiveActionRepository(CorrectiveAction, claims, clock),
    obligations: createObligationRepository(Obligation, claims, clock),
    risks: createRiskRepository(Risk, claims),
    values: createValueRepository(Value),
    lessons: createLessonRepository(Lesson, clock),
    audit: createAuditRepository(AuditEvent, clock),
    leases: createLeaseRepository(leaseTable, clock),
    teamsConversations,
    async ensureIndexes() {
      // One model at a time: FerretDB on SQLite handles schema changes best without parallel DDL.
      for (const model of models) await model.syncIndexes();
    },
  };
}

export type { AuditRepository } from './audit';
export type { CheckinRepository } from './checkins';
export type { ContractFilter, ContractPatch, ContractRepository } from './contracts';
export type { CorrectiveActionRepository } from './corrective-actions';
export type { EscalationRepository } from './escalations';
export type { KpiChangeOptions, KpiRepository, NewKpi } from './kpis';
export type { LeaseRepository } from './leases';
export type { LessonRepository } from './lessons';
export type { ObligationOutcomeInput, ObligationRepository } from './obligations';
export * from './records';
export type { RiskPatch, RiskRepository } from './risks';
export type { ImportedScore, ScoreCorrectionInput, ScoreRepository } from './scores';
export type { ValueRepository } from './values';
