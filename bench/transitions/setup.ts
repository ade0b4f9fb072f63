import { loadConfig } from '@jixiao/config';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, driveCase, issueCampaign } from '../../test/support/api-client';
import { newWorld } from '../../test/support/world';
import type { BenchCase } from './load';
import { BENCH_HISTORY_KEY } from '../history-key';

export interface BenchWorld {
  campaignId: string;
  /** The finance officer of the bureau that issued the campaign; used for pgbench's history rows. */
  officerId: string;
  cases: BenchCase[];
}

/**
 * Builds a bureau with `unitCount` units, issues one campaign to them all and drives every case to
 * `submitted` through the running service, then signs in each person the cycle needs once.
 */
export async function prepareCases(databaseUrl: string, baseUrl: string, unitCount: number): Promise<BenchWorld> {
  // The people are written straight through the stores, as the tests do: the API has no route that
  // creates organisations or users. The application is never listened on, only used for its providers.
  const setupApp = await createApp(loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY }), { url: databaseUrl, poolMax: 4 });
  const world = await newWorld(setupApp, { unitCount }).finally(() => setupApp.close());
  const api = new ApiClient(baseUrl);
  const officer = world.bureau.officer;
  const { campaignId, caseIds } = await issueCampaign(api, officer, world.units.map((u) => u.id));
  const cases = await Promise.all(
    world.units.map(async (unit): Promise<BenchCase> => {
      const id = caseIds.get(unit.id);
      if (!id) throw new Error(`no case was opened for unit ${unit.name}`);
      await driveCase(api, unit, officer, id, 'submitted');
      return {
        id,
        tokens: {
          officer: await api.token(officer),
          compiler: await api.token(unit.compiler),
          leader: await api.token(unit.leader),
          sealKeeper: await api.token(unit.sealKeeper),
        },
        next: 0,
      };
    }),
  );
  return { campaignId, officerId: officer.id, cases };
}
