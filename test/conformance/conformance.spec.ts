import { join } from 'node:path';
import { checkReport } from '@jixiao/report';
import { loadCorpus, reportInput, scoreFixture } from './corpus';

const corpus = loadCorpus(join(__dirname, 'fixtures'));

describe('the conformance corpus of published self-evaluation reports', () => {
  it('holds at least six reports of both kinds', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(6);
    expect(new Set(corpus.map(({ fixture }) => fixture.kind))).toEqual(new Set(['department', 'project']));
  });

  it.each(corpus.map(({ slug, fixture }) => [slug, fixture] as const))('%s: every listed defect is caught and nothing else is raised', (_slug, fixture) => {
    const score = scoreFixture(fixture, checkReport(reportInput(fixture)).problems);
    expect(score.missed.map(({ code, path }) => `${code} ${path}`)).toEqual([]);
    expect(score.falseAlarms.map(({ code, path }) => `${code} ${path}`)).toEqual([]);
  });
});
