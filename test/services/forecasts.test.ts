import { ForecastsService } from '../../src/services/forecasts-service';
import { useTestDatabase } from '../support/database';
import { owner, setupServices } from '../support/service-harness';

const database = useTestDatabase();

/** Availability (breach 98 %) falling month by month; the forecast after the sixth score is past the line. */
const DECLINING = [99.7, 99.6, 99.4, 99.1, 98.7, 98.2];
const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];

async function recordHistory(
  setup: Awaited<ReturnType<typeof setupServices>>,
  reference: string,
  values: readonly number[],
): Promise<void> {
  for (const [index, value] of values.entries()) {
    const month = MONTHS[index]!;
    await setup.store.scores.record({
      contractRef: reference,
      kpiKey: 'availability',
      periodKey: month,
      periodStart: new Date(`${month}-01T00:00:00Z`),
      periodEnd: new Date(`${month}-28T00:00:00Z`),
      value,
      rag: value < 98 ? 'red' : value < 99 ? 'amber' : 'green',
      kpiVersion: 1,
      answeredBy: owner.person,
      surface: 'slack',
    });
  }
}

const warnings = (setup: Awaited<ReturnType<typeof setupServices>>) =>
  setup.surface.ofKind('notice').filter((post) => post.notice.text.includes('trending to breach'));

describe('early warnings across replicas', () => {
  it('posts one warning when five replicas finish the same score at once, twenty times over', async () => {
    for (let round = 0; round < 20; round++) {
      const reference = `RACE-2026-${String(round).padStart(3, '0')}`;
      const setup = await setupServices(database.connection(), reference);
      await recordHistory(setup, reference, DECLINING);
      const contract = await setup.store.contracts.require(reference);
      const kpi = (await setup.store.kpis.get(reference, 'availability'))!;
      const replicas = ['a', 'b', 'c', 'd', 'e'].map(
        (name) => new ForecastsService({ ...setup.services.deps, instanceId: `replica-${name}` }),
      );
      const results = await Promise.all(replicas.map((replica) => replica.afterScore(contract, kpi, '2025-12')));
      expect(results.filter(Boolean)).toHaveLength(1);
      // Once internally, and once in the vendor channel (Availability is vendor-visible).
      const posted = warnings(setup);
      expect(posted.map((post) => post.destination.purpose).sort()).toEqual(['internal', 'vendor']);
      expect(posted[0]!.notice.text).toMatch(
        /^Availability is trending to breach: 98\.2% → forecast 97\.\d+% next month \(breach 98%\)/,
      );
      expect((await setup.store.forecastWarnings.listForContract(reference)).map((w) => w.periodKey)).toEqual([
        '2025-12',
      ]);
    }
  }, 120_000);

  it('gives the period back when nobody could be told, so the next attempt posts it', async () => {
    const reference = 'RETRY-2026-001';
    const setup = await setupServices(database.connection(), reference);
    await recordHistory(setup, reference, DECLINING);
    const contract = await setup.store.contracts.require(reference);
    const kpi = (await setup.store.kpis.get(reference, 'availability'))!;
    // Both channels refuse the post (an outage): nobody was told.
    const postNotice = setup.surface.postNotice.bind(setup.surface);
    let failures = 2;
    setup.surface.postNotice = async (destination, notice) => {
      if (failures-- > 0) throw new Error('surface unavailable');
      return postNotice(destination, notice);
    };
    expect(await setup.services.forecasts.afterScore(contract, kpi, '2025-12')).toBeNull();
    expect(await setup.store.forecastWarnings.listForContract(reference)).toEqual([]);
    const retried = await setup.services.forecasts.afterScore(contract, kpi, '2025-12');
    expect(retried?.posted).toHaveLength(2);
  });

  it('stays quiet for a late answer to an older period, and for a KPI a manager turned off', async () => {
    const reference = 'QUIET-2026-001';
    const setup = await setupServices(database.connection(), reference);
    await recordHistory(setup, reference, DECLINING);
    const contract = await setup.store.contracts.require(reference);
    const kpi = (await setup.store.kpis.get(reference, 'availability'))!;
    expect(await setup.services.forecasts.afterScore(contract, kpi, '2025-11')).toBeNull();
    await setup.services.forecasts.setWarnings(owner, reference, 'availability', false);
    expect(await setup.services.forecasts.afterScore(contract, kpi, '2025-12')).toBeNull();
    expect(warnings(setup)).toEqual([]);
    await setup.services.forecasts.setWarnings(owner, reference, 'availability', true);
    expect(await setup.services.forecasts.afterScore(contract, kpi, '2025-12')).not.toBeNull();
    const audit = await setup.store.audit.list(reference);
    expect(audit.filter((event) => event.action === 'forecast.settings-changed').map((event) => event.after)).toEqual([
      { warnings: 'off' },
      { warnings: 'on' },
    ]);
  });
});
