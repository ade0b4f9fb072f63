import { resolve } from 'node:path';
import { checkReport } from '@jixiao/report';
import { loadCorpus, reportInput, resultLine, scoreFixture } from '../test/conformance/corpus';

/**
 * `npm run conformance`: every published report of the corpus through the checks the API runs, with
 * what each catch, miss and false alarm is. The last line is the figure the issue asks for.
 */
function main(): void {
  const corpus = loadCorpus(resolve(process.cwd(), 'test/conformance/fixtures'));
  let caught = 0;
  let defects = 0;
  let falseAlarms = 0;
  for (const { slug, fixture } of corpus) {
    const outcome = checkReport(reportInput(fixture));
    const score = scoreFixture(fixture, outcome.problems);
    caught += score.caught.length;
    defects += fixture.defects.length;
    falseAlarms += score.falseAlarms.length;
    console.log(`\n${slug} (${fixture.kind}${fixture.rulePack ? `, ${fixture.rulePack}` : ''}) ${fixture.source.publisher} ${fixture.source.year}`);
    console.log(`  defects caught ${score.caught.length}/${fixture.defects.length}, false alarms ${score.falseAlarms.length}, set aside (unpublished parts) ${score.setAside.length}${outcome.refused ? ', input refused' : ''}`);
    for (const defect of score.caught) console.log(`  caught  ${defect.code} at ${defect.path}`);
    for (const defect of score.missed) console.log(`  MISSED  ${defect.code} at ${defect.path}: ${defect.note}`);
    for (const problem of score.falseAlarms) console.log(`  FALSE ALARM (${problem.severity}) ${problem.code} at ${problem.path}: ${problem.message}`);
  }
  console.log(`\n${corpus.length} reports`);
  console.log(resultLine(caught, defects, falseAlarms));
}

main();
