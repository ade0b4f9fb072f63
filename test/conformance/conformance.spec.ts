import { join } from 'node:path';
import { checkReport } from '@jixiao/report';
import { loadCorpus, reportInput, scoreFixture } from './corpus';
import { KNOWN_GAPS } from './known-gaps';

const corpus = loadCorpus(join(__dirname, 'fixtures'));

describe('the conformance corpus of published self-evaluation reports', () => {
  it('holds at least six reports of both kinds', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(6);
    expect(new Set(corpus.map(({ fixture }) => fixture.kind))).toEqual(new Set(['department', 'project']));
  });

  it.each(corpus.map(({ slug, fixture }) => [slug, fixture] as const))(
    '%s: every listed defect is caught and nothing else is raised, but for the known gaps',
    (slug, fixture) => {
      const score = scoreFixture(fixture, checkReport(reportInput(fixture)).problems);
      const observed = [
        ...score.missed.map(({ code, path }) => `missed ${code} ${path}`),
        ...score.falseAlarms.map(({ code, path }) => `false alarm ${code} ${path}`),
      ].sort();
      const known = KNOWN_GAPS.filter((gap) => gap.fixture === slug)
        .map(({ kind, code, path }) => `${kind} ${code} ${path}`)
        .sort();
      expect(observed).toEqual(known);
    },
  );

  it('lists known gaps only for reports in the corpus', () => {
    const slugs = new Set(corpus.map(({ slug }) => slug));
    expect(KNOWN_GAPS.filter((gap) => !slugs.has(gap.fixture))).toEqual([]);
  });
});
