import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSeason, type SeasonReport } from '../../bench/season/season';
import { itOnRealServer, testDatabase } from '../support/test-app';

/**
 * A small season (20 units) through the real service, as `npm run season` runs 300: the api and two
 * workers as processes of a fresh build on a database of their own, the directory imported, every
 * person invited and signed in, the clock moved working day by working day from the notice to the
 * publication deadline, and every check of the season must hold. The seed is CI_SEED unless
 * SEASON_SEED is set; it is printed in reports/season-ci.txt with the whole report, for a replay.
 */
const ROOT = resolve(__dirname, '../..');
const CI_SEED = 20261207;

describe('a season of 20 units', () => {
  let build: string;

  beforeAll(() => {
    if (!testDatabase().realServer) return;
    build = mkdtempSync(join(tmpdir(), 'jixiao-season-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', build, '-q', '--ignore', 'apps/web/**'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);
  afterAll(() => {
    if (build) rmSync(build, { recursive: true, force: true });
  });

  itOnRealServer(
    'goes from the notice to publication with every check holding',
    async () => {
      // One season in CI, the same every run, so that a red build means a change broke it; any other
      // is replayed with SEASON_SEED (npm run season draws a new one each time).
      const seed = process.env.SEASON_SEED ? Number(process.env.SEASON_SEED) : CI_SEED;
      const lines: string[] = [];
      let report: SeasonReport;
      try {
        report = await runSeason({
          serverUrl: testDatabase().url,
          build,
          units: 20,
          apiProcesses: 1,
          workers: 2,
          concurrency: 8,
          seed,
          log: (line) => lines.push(line),
        });
      } finally {
        mkdirSync(join(ROOT, 'reports'), { recursive: true });
        writeFileSync(join(ROOT, 'reports/season-ci.txt'), `${lines.join('\n')}\n`);
      }
      expect({ seed, failing: report.checks.filter((c) => !c.ok) }).toEqual({ seed, failing: [] });
      expect(report.errors).toBe(0);
      // The season did what it is for: every kind of return, a caught defect, a publication.
      const { facts } = report;
      expect(facts.published).toBeGreaterThan(10);
      expect(facts.bureauReturns + facts.leaderReturns + facts.sectionReturns).toBeGreaterThan(0);
      expect(facts.mails).toBeGreaterThan(facts.published);
    },
    15 * 60_000,
  );
});
