import { pdfPageCount } from '../../src/reports/review-pack-pdf';
import { ReviewPacksService } from '../../src/services/review-packs-service';
import { useTestDatabase } from '../support/database';
import { owner, setupServices } from '../support/service-harness';

const database = useTestDatabase();
const PDF_SIGNATURE = '%PDF-';

type Setup = Awaited<ReturnType<typeof setupServices>>;

async function score(
  setup: Setup,
  reference: string,
  kpiKey: string,
  month: string,
  value: number,
  rag: 'green' | 'amber' | 'red',
) {
  await setup.store.scores.record({
    contractRef: reference,
    kpiKey,
    periodKey: month,
    periodStart: new Date(`${month}-01T00:00:00Z`),
    periodEnd: new Date(`${month}-28T00:00:00Z`),
    value,
    rag,
    kpiVersion: 1,
    answeredBy: owner.person,
    surface: 'slack',
  });
}

/**
 * A contract with a vendor-visible KPI (availability) and an internal-only one (internal cost), scored through
 * Q1 2026, with an escalation on each KPI and a risk; the Q1 review meets on 10 April, so the pack is due on
 * 7 April at the prompt hour.
 */
async function contractWithQuarter(reference: string): Promise<Setup> {
  const setup = await setupServices(database.connection(), reference, '2026-01-05T08:00:00Z');
  const { services, store } = setup;
  if ((await store.contracts.require(reference)).status === 'draft') {
    await services.contracts.changeStatus(owner, reference, 'active');
  }
  await services.contracts.upsertKpi(owner, reference, {
    key: 'internal-cost',
    name: 'Internal handling cost',
    unit: 'EUR',
    kind: 'number',
    direction: 'lower-is-better',
    baseline: 1000,
    target: 800,
    warningThreshold: 900,
    breachThreshold: 1000,
    weight: 1,
    cadence: { type: 'monthly' },
    respondent: 'owner',
    evidenceRequired: false,
    vendorVisible: false,
  });
  setup.clock.set('2026-04-02T08:00:00Z');
  for (const [month, availability, cost] of [
    ['2026-01', 99.6, 850],
    ['2026-02', 97.5, 950],
    ['2026-03', 99.2, 1200],
  ] as const) {
    await score(
      setup,
      reference,
      'availability',
      month,
      availability,
      availability < 98 ? 'red' : availability < 99 ? 'amber' : 'green',
    );
    await score(setup, reference, 'internal-cost', month, cost, cost > 1000 ? 'red' : cost > 900 ? 'amber' : 'green');
  }
  const opened = await store.escalations.open({
    contractRef: reference,
    sourceKey: `test:${reference}:availability`,
    trigger: 'red-score',
    summary: 'Availability red in February 2026',
    kpiKey: 'availability',
  });
  await store.escalations.resolve(
    opened.escalation.id,
    owner.person,
    new Date('2026-03-10T10:00:00Z'),
    'Router replaced',
  );
  await store.escalations.open({
    contractRef: reference,
    sourceKey: `test:${reference}:internal-cost`,
    trigger: 'red-score',
    summary: 'Internal handling cost red in March 2026',
    kpiKey: 'internal-cost',
  });
  await services.risks.create(owner, reference, {
    title: 'Key engineer leaving the vendor',
    likelihood: 4,
    impact: 3,
    owner: owner.person,
    reviewDate: '2026-06-30',
  });
  return setup;
}

const packFiles = (setup: Setup, reference: string) =>
  setup.surface.ofKind('file').filter((post) => post.file.filename.startsWith(`${reference}-`));

describe('quarterly review packs', () => {
  it('posts nothing before the pack morning, then exactly one pack per channel across three replicas', async () => {
    const reference = 'PACK-2026-001';
    const setup = await contractWithQuarter(reference);
    const replicas = ['a', 'b', 'c'].map(
      (name) =>
        new ReviewPacksService(
          { ...setup.services.deps, instanceId: `replica-${name}` },
          setup.services.contracts,
          setup.services.serviceCredits,
        ),
    );
    setup.clock.set('2026-04-06T12:00:00Z');
    const early = await replicas[0]!.runScheduled(setup.clock());
    expect(early.posted).toBe(0);
    // Without reading a contract: the window opens first where the 7th comes first (09:00 at UTC+14)…
    expect(early.nextRunAt?.toISOString()).toBe('2026-04-06T19:00:00.000Z');
    // …and there, this contract's pack is due on 7 April, 09:00 in Berlin (07:00 UTC).
    const opening = await replicas[0]!.runScheduled(new Date('2026-04-06T19:00:00Z'));
    expect(opening.posted).toBe(0);
    expect(opening.nextRunAt?.toISOString()).toBe('2026-04-07T07:00:00.000Z');

    setup.clock.set('2026-04-07T07:05:00Z');
    const results = await Promise.all(replicas.map((replica) => replica.runScheduled(setup.clock())));
    expect(results.reduce((sum, result) => sum + result.posted, 0)).toBe(1);
    const files = packFiles(setup, reference);
    expect(files.map((post) => post.destination.purpose).sort()).toEqual(['internal', 'vendor']);
    // Another tick the same day posts nothing more.
    await replicas[1]!.runScheduled(new Date('2026-04-08T09:00:00Z'));
    expect(packFiles(setup, reference)).toHaveLength(2);

    const internal = files.find((post) => post.destination.purpose === 'internal')!;
    const vendor = files.find((post) => post.destination.purpose === 'vendor')!;
    for (const post of [internal, vendor]) {
      expect(post.file.mimeType).toBe('application/pdf');
      expect(post.file.content.subarray(0, 5).toString('latin1')).toBe(PDF_SIGNATURE);
      expect(pdfPageCount(post.file.content)).toBeGreaterThanOrEqual(1);
    }
    const internalText = internal.file.comment ?? '';
    expect(internalText).toContain('Q1 2026 review pack · PACK-2026-001');
    expect(internalText).toContain('Internal handling cost');
    expect(internalText).toContain('Availability red in February 2026 → resolved on 2026-03-10');
    expect(internalText).toContain('Router replaced');
    expect(internalText).toContain('Internal handling cost red in March 2026 → open, level 1');
    expect(internalText).toContain('Key engineer leaving the vendor');
    expect(internalText).toContain('Decisions the triggers call for');
    expect(internalText).toContain('Intervention');

    const vendorText = vendor.file.comment ?? '';
    expect(vendorText).toContain('vendor version');
    expect(vendorText).toContain('Availability red in February 2026');
    expect(vendorText).not.toContain('Internal handling cost');
    expect(vendorText).not.toContain('Key engineer');
    expect(vendorText).not.toContain('Decisions the triggers call for');
    // The internal PDF has both KPIs' trend charts and the risk heat map as images, the vendor's only its KPI's chart.
    const images = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;
    // (pdfkit stores a PNG with an alpha channel as two image objects, so compare the two files.)
    expect(images(vendor.file.content)).toBeGreaterThan(0);
    expect(images(internal.file.content)).toBe(3 * images(vendor.file.content));
    expect(pdfPageCount(internal.file.content)).toBeGreaterThanOrEqual(4);
    expect(pdfPageCount(vendor.file.content)).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('records a decision against the pack, audited, and shows it in the next quarter’s pack', async () => {
    const reference = 'PACK-2026-002';
    const setup = await contractWithQuarter(reference);
    await expect(
      setup.services.reviewPacks.recordDecision(owner, reference, { dueDate: '2026-05-31', text: 'Too early' }),
    ).rejects.toThrow(/no review pack yet/);

    setup.clock.set('2026-04-07T07:05:00Z');
    await setup.services.reviewPacks.runScheduled(setup.clock());
    await expect(
      setup.services.reviewPacks.recordDecision(owner, reference, { dueDate: '2026-02-30', text: 'x' }),
    ).rejects.toThrow(/not a day in the calendar/);
    const decision = await setup.services.reviewPacks.recordDecision(owner, reference, {
      dueDate: '2026-05-31',
      text: 'Ask the vendor for a redundant uplink',
    });
    expect(decision).toMatchObject({ quarterKey: '2026-Q1', ownerName: 'Olivia', dueDate: '2026-05-31' });
    const audited = (await setup.store.audit.list(reference)).filter((e) => e.action === 'review.decision-recorded');
    expect(audited).toHaveLength(1);

    // Q2: the review meets on 10 July; the pack goes out on 7 July.
    setup.clock.set('2026-07-07T07:05:00Z');
    await setup.services.reviewPacks.runScheduled(setup.clock());
    const q2 = packFiles(setup, reference).filter((post) => post.file.filename.includes('2026-Q2'));
    expect(q2).toHaveLength(2);
    const q2Internal = q2.find((post) => post.destination.purpose === 'internal')!.file.comment ?? '';
    expect(q2Internal).toContain(
      '2026-Q1 review: Ask the vendor for a redundant uplink · owner Olivia · due 2026-05-31',
    );
    const q2Vendor = q2.find((post) => post.destination.purpose === 'vendor')!.file.comment ?? '';
    expect(q2Vendor).not.toContain('redundant uplink');
  }, 60_000);

  it('posts a monthly contract’s pack every month and a quarterly one’s only after its quarter, reading nothing between windows', async () => {
    const monthly = 'PACK-2026-M01';
    const quarterly = 'PACK-2026-Q01';
    const setup = await contractWithQuarter(monthly);
    await contractWithQuarter(quarterly);
    await setup.store.contracts.update(monthly, { reviewCadence: 'monthly' });
    expect((await setup.store.contracts.require(quarterly)).reviewCadence).toBeUndefined();

    // March's review meets on 10 April for both: the monthly one reviews March, the quarterly one Q1.
    setup.clock.set('2026-04-07T07:05:00Z');
    await setup.services.reviewPacks.runScheduled(setup.clock());
    expect(packFiles(setup, monthly).map((post) => post.file.filename)).toContain(`${monthly}-2026-03-review-pack.pdf`);
    expect(packFiles(setup, monthly)[0]!.file.comment).toContain('March 2026 review pack');
    expect(packFiles(setup, quarterly).map((post) => post.file.filename)).toContain(
      `${quarterly}-2026-Q1-review-pack.pdf`,
    );

    // Mid-month nothing is due anywhere: the job reads no contract and says when the next window opens.
    const list = jest.spyOn(setup.store.contracts, 'list');
    const between = await setup.services.reviewPacks.runScheduled(new Date('2026-04-20T12:00:00Z'));
    expect(list).not.toHaveBeenCalled();
    expect(between).toEqual({ posted: 0, nextRunAt: new Date('2026-05-06T19:00:00Z') });
    list.mockRestore();

    // April's review, 10 May: a pack for the monthly contract, none for the quarterly one.
    setup.clock.set('2026-05-07T07:05:00Z');
    const may = await setup.services.reviewPacks.runScheduled(setup.clock());
    expect(may.posted).toBe(1);
    expect(packFiles(setup, monthly).filter((post) => post.file.filename.includes('2026-04'))).toHaveLength(2);
    expect(packFiles(setup, quarterly).filter((post) => !post.file.filename.includes('2026-Q1'))).toHaveLength(0);
  }, 60_000);

  it('refuses a review cadence it does not know, naming the field, and keeps the one it knows', async () => {
    const setup = await setupServices(database.connection(), 'PACK-2026-C01');
    const base = {
      title: 'Cleaning',
      vendorName: 'Sparkle',
      value: '1000',
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    };
    await expect(
      setup.services.contracts.create(owner, { ...base, reference: 'PACK-2026-C02', reviewCadence: 'fortnightly' }),
    ).rejects.toThrow(/Review cadence must be monthly, quarterly, half-yearly or yearly/);
    expect(await setup.store.contracts.get('PACK-2026-C02')).toBeNull();
    await setup.services.contracts.create(owner, { ...base, reference: 'PACK-2026-C03', reviewCadence: 'Half-Yearly' });
    expect((await setup.store.contracts.require('PACK-2026-C03')).reviewCadence).toBe('half-yearly');
  });
});
