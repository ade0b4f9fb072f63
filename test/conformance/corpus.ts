import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndicatorConfig, NarrativeSection, Problem, ReportCheckInput } from '@jixiao/report';

/**
 * The conformance corpus: published self-evaluation reports entered as a compiler would, each with
 * the defects a careful reader finds in it. A problem counts as a catch when its code and path are a
 * listed defect's; any other error or warning is a false alarm, unless it lies in a part the
 * publication does not show (`unpublished`). Notes never count.
 */
export interface CorpusDefect {
  code: string;
  path: string;
  /** How the defect was found, with the arithmetic. */
  note: string;
}

export interface CorpusFixture {
  source: { title: string; publisher: string; year: number; address: string };
  kind: 'department' | 'project';
  dataTable?: unknown;
  indicatorConfig?: IndicatorConfig;
  scores?: unknown;
  sections?: NarrativeSection[];
  rulePack?: string;
  projectForm?: unknown;
  defects: CorpusDefect[];
  /** Figures checked and right. */
  correct: string[];
  /** What a reader sees that no check of the figures can (prose against prose). */
  observations?: string[];
  /**
   * Parts of the form the stored publication does not show: problems at or under `path` (of `code`
   * only, when given) are set aside.
   */
  unpublished?: Array<{ path: string; code?: string; note: string }>;
}

export interface CorpusEntry {
  slug: string;
  fixture: CorpusFixture;
}

export interface FixtureScore {
  caught: CorpusDefect[];
  missed: CorpusDefect[];
  falseAlarms: Problem[];
  setAside: Problem[];
}

export function loadCorpus(directory: string): CorpusEntry[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ slug: name.replace(/\.json$/, ''), fixture: JSON.parse(readFileSync(join(directory, name), 'utf8')) as CorpusFixture }));
}

export function reportInput(fixture: CorpusFixture): ReportCheckInput {
  if (fixture.kind === 'department') {
    return {
      kind: 'department',
      dataTable: fixture.dataTable ?? {},
      ...(fixture.indicatorConfig ? { indicatorConfig: fixture.indicatorConfig } : {}),
      ...(fixture.scores !== undefined ? { scores: fixture.scores } : {}),
      sections: fixture.sections ?? [],
    };
  }
  if (!fixture.rulePack) throw new Error('a project fixture names its rule pack');
  return { kind: 'project', rulePack: fixture.rulePack, projectForm: fixture.projectForm ?? {} };
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

export function scoreFixture(fixture: CorpusFixture, problems: readonly Problem[]): FixtureScore {
  const raised = problems.filter((problem) => problem.severity !== 'note');
  const isDefect = (problem: Problem) => fixture.defects.some((defect) => defect.code === problem.code && defect.path === problem.path);
  const unpublished = (problem: Problem) =>
    (fixture.unpublished ?? []).some((part) => under(problem.path, part.path) && (part.code === undefined || part.code === problem.code));
  return {
    caught: fixture.defects.filter((defect) => raised.some((problem) => problem.code === defect.code && problem.path === defect.path)),
    missed: fixture.defects.filter((defect) => !raised.some((problem) => problem.code === defect.code && problem.path === defect.path)),
    falseAlarms: raised.filter((problem) => !isDefect(problem) && !unpublished(problem)),
    setAside: raised.filter((problem) => !isDefect(problem) && unpublished(problem)),
  };
}

export function resultLine(caught: number, defects: number, falseAlarms: number): string {
  return `RESULT conformance: ${caught}/${defects} defects caught, ${falseAlarms} false alarms (target all caught, 0 false alarms)`;
}
