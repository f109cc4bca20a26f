import { parseCsv } from '../../src/reports/csv';
import type { Actor } from '../../src/services/service-api';
import { hashEvent } from '../../src/store/audit';
import { useTestDatabase } from '../support/database';
import { bystander, director, owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

const inInternal: Actor = { ...owner, channel: { surface: 'slack', channelId: 'C0INTERNAL', shared: false } };

describe('audit trail', () => {
  it('verifies the chain, exports it with its hashes for managers, and refuses an export edited afterwards', async () => {
    const reference = 'AUD-2026-001';
    const { services, surface, store } = await setupServices(database.connection(), reference);
    const count = (await store.audit.list(reference)).length;
    expect(count).toBeGreaterThan(3);

    expect(await services.auditTrail.verifyAudit(owner, reference)).toEqual({ ok: true, count });
    await expect(services.auditTrail.verifyAudit(vendor, reference)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.auditTrail.exportAudit(vendor, reference, 'json')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.auditTrail.exportAudit(director, reference, 'json')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(services.auditTrail.exportAudit(owner, reference, 'xml' as never)).rejects.toMatchObject({
      code: 'validation',
    });

    // The three refusals above are part of the trail now.
    const all = count + 3;
    const json = await services.auditTrail.exportAudit(inInternal, reference, 'json');
    expect(json.verification).toEqual({ ok: true, count: all });
    expect(json.posted?.channelId).toBe('C0INTERNAL');
    expect(surface.ofKind('file').at(-1)?.file.comment).toContain(`the hash chain of all ${all} events checks out`);
    const text = json.file.content.toString('utf8');
    const document = JSON.parse(text) as { events: Array<Record<string, unknown>> };
    expect(document.events.length).toBe(all);
    expect(document.events.filter((event) => event.action === 'access.refused')).toHaveLength(3);

    const csv = await services.auditTrail.exportAudit(owner, reference, 'csv');
    const parsed = parseCsv(csv.file.content.toString('utf8'));
    if (!parsed.ok) throw new Error('the audit export is not valid CSV');
    expect(parsed.records[0]?.fields).toEqual([
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
    ]);
    expect(parsed.records).toHaveLength(all + 1);

    expect(await services.auditTrail.verifyAuditExport(owner, reference, text)).toEqual({ ok: true, count: all });
    await expect(services.auditTrail.verifyAuditExport(bystander, reference, text)).rejects.toMatchObject({
      code: 'forbidden',
    });

    // An edited event: its hash no longer matches.
    const edited = JSON.parse(text) as { events: Array<Record<string, unknown>> };
    edited.events[1]!.after = { ...(edited.events[1]!.after as object), target: 95 };
    await expect(services.auditTrail.verifyAuditExport(owner, reference, JSON.stringify(edited))).rejects.toMatchObject(
      {
        code: 'validation',
        message: expect.stringContaining('Event 2 in the file was edited after export'),
      },
    );
    // Edited and hashed again, with the chain repaired: the stored trail still tells.
    const rehashed = JSON.parse(text) as { events: Array<Record<string, unknown>> };
    let prevHash = rehashed.events[0]!.hash as string;
    rehashed.events.forEach((event, index) => {
      if (index === 0) return;
      if (index === 1) event.after = { forged: true };
      event.prevHash = prevHash;
      event.hash = hashEvent({ ...(event as unknown as Parameters<typeof hashEvent>[0]), contractRef: reference });
      prevHash = event.hash as string;
    });
    await expect(
      services.auditTrail.verifyAuditExport(owner, reference, JSON.stringify(rehashed)),
    ).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining("Event 2 in the file differs from Steward's trail"),
    });
    // A dropped event breaks the sequence.
    const dropped = JSON.parse(text) as { events: unknown[] };
    dropped.events.splice(2, 1);
    await expect(
      services.auditTrail.verifyAuditExport(owner, reference, JSON.stringify(dropped)),
    ).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Event 3 is missing from the file'),
    });
    await expect(services.auditTrail.verifyAuditExport(owner, reference, '{"events": [')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('not valid JSON'),
    });
    await expect(services.auditTrail.verifyAuditExport(owner, reference, '{"hello": 1}')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('not a Steward audit export'),
    });
  });

  it('reports the first altered event when the stored trail was tampered with', async () => {
    const reference = 'AUD-2026-002';
    const { services, store } = await setupServices(database.connection(), reference);
    const count = (await store.audit.list(reference)).length;
    // Past the repository and the model's guards, straight into the collection.
    await database
      .connection()
      .collection('audit_events')
      .updateOne({ contractRef: reference, seq: 3 }, { $set: { after: { edited: true } } });
    expect(await services.auditTrail.verifyAudit(owner, reference)).toEqual({
      ok: false,
      count: 2,
      brokenAt: 3,
      reason: 'event 3 was altered after it was written',
    });
    const exported = await services.auditTrail.exportAudit(owner, reference, 'json');
    expect(exported.verification).toMatchObject({ ok: false, brokenAt: 3 });
    expect(exported.file.comment).toContain('WARNING: the hash chain is broken at event 3');
    expect(JSON.parse(exported.file.content.toString('utf8')).events).toHaveLength(count);
  });
});
