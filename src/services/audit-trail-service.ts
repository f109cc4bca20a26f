import type { ChatDestination } from '../chat/chat-surface';
import { StewardError } from '../domain/errors';
import { toCsv } from '../reports/csv';
import { canonicalJson, GENESIS_HASH, hashEvent, toSnapshot } from '../store/audit';
import type { AuditEventRecord, JsonValue } from '../store/records';
import { authorizeInternal } from './access-checks';
import type { ServiceDeps } from './deps';
import { deliverFile } from './file-delivery';
import type { Actor, AuditTrailApi, AuditVerification, FileResult } from './service-api';

const EXPORT_KIND = 'steward-audit-trail';

/** The fields of an exported event, as written to the JSON export. */
interface ExportedEvent {
  seq: number;
  at: string;
  actor: JsonValue;
  surface: string;
  action: string;
  entityType: string;
  entityId: string;
  before: JsonValue;
  after: JsonValue;
  prevHash: string;
  hash: string;
}

/**
 * A contract's audit trail for people: check its hash chain, export it with its hashes (so anyone can
 * check it again without Steward), and check an export that comes back against the stored trail.
 */
export class AuditTrailService implements AuditTrailApi {
  constructor(private readonly deps: ServiceDeps) {}

  async verifyAudit(actor: Actor, reference: string): Promise<AuditVerification> {
    const contract = await this.deps.store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'view-internal', 'audit trails');
    return this.deps.store.audit.verifyChain(reference);
  }

  async exportAudit(
    actor: Actor,
    reference: string,
    format: 'csv' | 'json',
    destination?: ChatDestination,
  ): Promise<FileResult & { verification: AuditVerification }> {
    const { store, clock } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'audit trails');
    if (format !== 'csv' && format !== 'json') {
      throw new StewardError('validation', 'Choose csv or json for the audit export.', {
        fieldErrors: { format: 'must be csv or json' },
      });
    }
    // Verified first, so the export says whether the chain held when it was made.
    const verification = await store.audit.verifyChain(reference);
    const events = await store.audit.list(reference);
    const now = clock();
    const content =
      format === 'json'
        ? `${JSON.stringify(
            {
              export: EXPORT_KIND,
              contractRef: reference,
              exportedAt: now.toISOString(),
              verification,
              count: events.length,
              events: events.map(exported),
            },
            null,
            2,
          )}\n`
        : auditCsv(events);
    const state = verification.ok
      ? `the hash chain of all ${verification.count} events checks out`
      : `WARNING: the hash chain is broken at event ${verification.brokenAt} (${verification.reason})`;
    const result = await deliverFile(
      this.deps,
      actor,
      {
        filename: `${reference}-audit-${now.toISOString().slice(0, 10)}.${format}`,
        title: `Audit trail of ${reference}`,
        content: Buffer.from(content, 'utf8'),
        mimeType: format === 'json' ? 'application/json' : 'text/csv',
        comment: `Audit trail of ${reference}, ${events.length} events: ${state}.`,
      },
      { destination, contract, internalOnly: true },
    );
    return { ...result, verification };
  }

  async verifyAuditExport(actor: Actor, reference: string, jsonText: string): Promise<{ ok: true; count: number }> {
    const { store } = this.deps;
    const contract = await store.contracts.require(reference);
    await authorizeInternal(this.deps, actor, contract, 'manage', 'audit trails');
    const events = parseExport(reference, jsonText);
    const stored = new Map((await store.audit.list(reference)).map((event) => [event.seq, event]));
    let prevHash = GENESIS_HASH;
    for (const [index, event] of events.entries()) {
      const expectedSeq = index + 1;
      if (event.seq !== expectedSeq) {
        throw invalid(`Event ${expectedSeq} is missing from the file (found event ${event.seq} in its place).`);
      }
      if (event.prevHash !== prevHash) {
        throw invalid(
          `Event ${event.seq} in the file does not follow event ${event.seq - 1}: its prevHash was changed.`,
        );
      }
      // hashEvent reads an instant or its ISO text alike; the export holds the text.
      const recomputed = hashEvent({ ...event, at: event.at as unknown as Date, contractRef: reference });
      if (recomputed !== event.hash) {
        throw invalid(
          `Event ${event.seq} in the file was edited after export: its fields no longer match its hash. Export the trail again from Steward to get the original.`,
        );
      }
      const original = stored.get(event.seq);
      if (!original || original.hash !== event.hash) {
        throw invalid(
          `Event ${event.seq} in the file differs from Steward's trail for ${reference}: it was rewritten with a new hash, or the file belongs to another deployment.`,
        );
      }
      prevHash = event.hash;
    }
    return { ok: true, count: events.length };
  }
}

function invalid(message: string): StewardError {
  return new StewardError('validation', message, { fieldErrors: { file: message } });
}

/** The event as exported: every hashed field, exactly as hashed (snapshots are stored as hashed). */
function exported(event: AuditEventRecord): ExportedEvent {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: (toSnapshot(event.actor) ?? null) as JsonValue,
    surface: event.surface,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before ?? null,
    after: event.after ?? null,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

function parseExport(reference: string, jsonText: string): ExportedEvent[] {
  let document: unknown;
  try {
    document = JSON.parse(jsonText);
  } catch (error) {
    throw invalid(
      `The file is not valid JSON (${(error as Error).message}). Upload the .json file Steward exported, unchanged.`,
    );
  }
  const body = document as { export?: unknown; contractRef?: unknown; events?: unknown };
  if (typeof body !== 'object' || body === null || body.export !== EXPORT_KIND || !Array.isArray(body.events)) {
    throw invalid('This is not a Steward audit export: upload the .json file from the audit export, unchanged.');
  }
  if (body.contractRef !== reference) {
    throw invalid(`This export is of ${String(body.contractRef)}, not of ${reference}.`);
  }
  return body.events.map((candidate, index) => {
    const event = candidate as Partial<ExportedEvent>;
    const fields = ['seq', 'at', 'surface', 'action', 'entityType', 'entityId', 'prevHash', 'hash'] as const;
    const missing = fields.filter((field) => event[field] === undefined);
    if (typeof event !== 'object' || event === null || missing.length > 0) {
      throw invalid(`Event ${index + 1} in the file lacks ${missing.join(', ') || 'its fields'}.`);
    }
    return event as ExportedEvent;
  });
}

const AUDIT_HEADERS = [
  'seq',
  'at',
  'actor',
  'surface',
  'action',
  'entity_type',
  'entity_id',
  'before',
  'after',
  'prev_hash',
  'hash',
];

/** One row per event; snapshots as canonical JSON, the text their hash covers. */
function auditCsv(events: AuditEventRecord[]): string {
  return toCsv(
    AUDIT_HEADERS,
    events.map((event) => [
      event.seq,
      event.at,
      canonicalJson((toSnapshot(event.actor) ?? null) as JsonValue),
      event.surface,
      event.action,
      event.entityType,
      event.entityId,
      canonicalJson(event.before ?? null),
      canonicalJson(event.after ?? null),
      event.prevHash,
      event.hash,
    ]),
  );
}
