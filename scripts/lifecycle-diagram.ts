import { readFileSync, writeFileSync } from 'node:fs';
import { lifecycleMermaid } from '@jixiao/workflow';

const START = '<!-- lifecycle-diagram:start -->';
const END = '<!-- lifecycle-diagram:end -->';
const USAGE = 'Usage: lifecycle-diagram [--write FILE | --check FILE]';

/** The document with the text between the markers replaced by the diagram; null when a marker is missing. */
function withDiagram(document: string, diagram: string): string | null {
  const lines = document.split('\n');
  const start = lines.findIndex((line) => line.trim() === START);
  const end = lines.findIndex((line, index) => index > start && line.trim() === END);
  if (start < 0 || end < 0) return null;
  return [...lines.slice(0, start + 1), '```mermaid', diagram, '```', ...lines.slice(end)].join('\n');
}

function main([mode, file, ...rest]: string[]): number {
  const diagram = lifecycleMermaid();
  if (mode === undefined) {
    process.stdout.write(`${diagram}\n`);
    return 0;
  }
  if ((mode !== '--write' && mode !== '--check') || file === undefined || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let document: string;
  try {
    document = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const updated = withDiagram(document, diagram);
  if (updated === null) {
    console.error(`${file} needs the lines ${START} and ${END}, in that order, around the place for the lifecycle diagram.`);
    return 1;
  }
  if (mode === '--check') {
    if (updated === document) return 0;
    console.error(`The lifecycle diagram in ${file} differs from the machine; run \`npm run diagram\` and commit the result.`);
    return 1;
  }
  if (updated !== document) writeFileSync(file, updated);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
