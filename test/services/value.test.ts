import { useTestDatabase } from '../support/database';
import { owner, setupServices, vendor } from '../support/service-harness';

const database = useTestDatabase();

describe('value realization', () => {
  it('records planned against realized value, summarizes a contract and the portfolio, and asks monthly', async () => {
    const reference = 'VAL-2026-001';
    const { clock, surface, services, store } = await setupServices(database.connection(), reference);
    await services.contracts.create(owner, {
      reference: 'VAL-2026-002',
      title: 'Catering',
      vendorName: 'Food Co',
      value: '20000',
      currency: 'EUR',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      timezone: 'Europe/Berlin',
    });
    const good = { periodKey: '2026-01', kind: 'savings', planned: '10000', realized: '8000', currency: 'eur' };

    for (const [input, field, message] of [
      [{ planned: 'lots' }, 'planned', /Planned value must be a number, like 12500/],
      [{ periodKey: '2026-13' }, 'periodKey', /Period must be written like 2026-03/],
      [
        { periodKey: '2025-06' },
        'periodKey',
        /June 2025 is outside the term of VAL-2026-001 \(2026-01-01 to 2027-12-31\)/,
      ],
      [{ currency: 'EURO' }, 'currency', /three-letter ISO code/],
      [{ realized: '100.123' }, 'realized', /more decimals than EUR uses/],
      [{ kind: 'goodwill' }, 'kind', /Kind must be savings, cost-avoidance or quality/],
    ] as const) {
      await expect(services.value.record(owner, reference, { ...good, ...input })).rejects.toMatchObject({
        code: 'validation',
        fieldErrors: { [field]: expect.stringMatching(message) },
      });
    }
    expect(await store.values.listForContract(reference)).toHaveLength(0);
    await expect(services.value.record(vendor, reference, good)).rejects.toMatchObject({ code: 'forbidden' });

    await services.value.record(owner, reference, good);
    await services.value.record(owner, reference, { ...good, periodKey: '2026-02', realized: '12000.50' });
    await services.value.record(owner, reference, {
      periodKey: '2026-Q1',
      kind: 'quality',
      planned: 500,
      realized: 250,
      currency: 'USD',
      note: 'Rework avoided',
    });
    await services.value.record(owner, 'VAL-2026-002', { ...good, planned: '0.10', realized: '0.30' });

    const summary = await services.value.summary(owner, reference);
    expect(summary.totals).toEqual([
      { kind: 'savings', currency: 'EUR', planned: 20000, realized: 20000.5, ratio: 20000.5 / 20000, records: 2 },
      { kind: 'quality', currency: 'USD', planned: 500, realized: 250, ratio: 0.5, records: 1 },
    ]);
    expect(summary.series[0]?.points.map((point) => point.periodKey)).toEqual(['2026-01', '2026-02']);
    await expect(services.value.summary(vendor, reference)).rejects.toMatchObject({ code: 'forbidden' });

    const portfolio = await services.value.portfolio(owner);
    expect(portfolio.totals.find((total) => total.kind === 'savings')).toMatchObject({
      planned: 20000.1,
      realized: 20000.8,
      contracts: 2,
    });
    await expect(services.value.portfolio(vendor)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await store.audit.list(reference)).filter((event) => event.action === 'value.recorded')).toHaveLength(3);

    // Monday 2 March, 09:00 in Berlin: February is asked about where it has no record yet, once.
    clock.set('2026-03-02T07:00:00Z');
    expect(await services.value.runScheduled(clock())).toMatchObject({ prompted: 0 });
    clock.set('2026-03-02T08:00:00Z');
    expect(await services.value.runScheduled(clock())).toMatchObject({ prompted: 1 });
    expect(await services.value.runScheduled(clock())).toMatchObject({ prompted: 0 });
    const [asked] = surface.ofKind('notice').filter((post) => post.notice.text.startsWith('Value check-in'));
    expect(asked?.notice.text).toContain(
      'Value check-in for VAL-2026-002 (Food Co): what did it deliver in February 2026?',
    );
    expect(asked?.notice.mention).toEqual([expect.objectContaining({ slackUserId: 'U0OWNER' })]);
    // VAL-2026-002 has no channel: its owner hears in a direct message.
    expect(asked?.destination).toMatchObject({ channelId: 'D-U0OWNER', purpose: 'direct' });
    // Past the first week of the month nobody is asked any more.
    clock.set('2026-04-09T08:00:00Z');
    expect(await services.value.runScheduled(clock())).toMatchObject({ prompted: 0 });
  });
});
