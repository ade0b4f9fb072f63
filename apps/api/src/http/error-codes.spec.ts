import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { CODES, isCode } from '@jixiao/workflow';

const ROOT = join(__dirname, '../../../..');
/** The server's sources. libs/report is left out: its table checks carry their own Chinese messages. */
const SERVER = ['apps/api/src', 'apps/worker/src', 'libs/calendar/src', 'libs/config/src', 'libs/demo/src', 'libs/evaluation/src', 'libs/mail/src', 'libs/persistence/src', 'libs/workflow/src'];
const CODE_LIKE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z0-9_]*)+$/;
/** Calls that take a code: the error helpers, error classes, the rulebook's reasons, the unit sheet's problems. */
const TAKES_A_CODE = /^(conflict|forbidden|unprocessable|reason|sheetProblem|super)$|Error$/;
const STATUS_OF_HELPER: Record<string, number> = { conflict: 409, forbidden: 403, unprocessable: 422 };

interface Found {
  code: string;
  where: string;
  helper: string | null;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return 'super';
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** Climbs over `a ? 'X' : 'Y'`, parentheses and `as`, to the place that receives the literal. */
function receiver(node: ts.Node): ts.Node {
  let at = node;
  while (ts.isConditionalExpression(at.parent) || ts.isParenthesizedExpression(at.parent) || ts.isAsExpression(at.parent)) at = at.parent;
  return at;
}

function named(name: ts.PropertyName | ts.BindingName, text: string): boolean {
  return ts.isIdentifier(name) && name.text === text;
}

/** Code-looking string literals passed to an error or a refusal in one source file. */
export function codesPassed(file: string, text: string): Found[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && CODE_LIKE.test(node.text)) {
      const at = receiver(node);
      const parent = at.parent;
      const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(at as ts.Expression)) {
        const helper = calleeName(parent);
        if (TAKES_A_CODE.test(helper)) found.push({ code: node.text, where, helper });
      } else if (ts.isPropertyAssignment(parent) && named(parent.name, 'code')) {
        // A table problem (it has a severity) is not a refusal: its message is its own.
        const problem = parent.parent.properties.some((p) => p.name !== undefined && named(p.name, 'severity'));
        if (!problem) found.push({ code: node.text, where, helper: null });
      } else if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) && named(parent.name, 'code')) {
        found.push({ code: node.text, where, helper: null });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const passed = SERVER.flatMap(sources).flatMap((file) => codesPassed(relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8')));

describe('the codes the server answers', () => {
  it('are found in the sources (the scan reads what it should)', () => {
    expect(passed.length).toBeGreaterThan(150);
    expect(passed.map((p) => p.code)).toEqual(expect.arrayContaining(['CASE.CONDITIONS_NOT_MET', 'SECTION.NOT_ASSIGNEE', 'REQUEST.RATE_LIMITED', 'GROUP.LEADER_MISSING']));
  });

  it('are all in the catalogue, each with its Chinese text', () => {
    expect(passed.filter((p) => !isCode(p.code)).map((p) => `${p.where} ${p.code}`)).toEqual([]);
  });

  it('have the status in the catalogue that the helper raising them names', () => {
    const disagreeing = passed.filter((p) => isCode(p.code) && p.helper !== null && p.helper in STATUS_OF_HELPER && CODES[p.code].status !== STATUS_OF_HELPER[p.helper]);
    expect(disagreeing.map((p) => `${p.where} ${p.helper}(${p.code}) is ${isCode(p.code) ? CODES[p.code].status : '?'}`)).toEqual([]);
  });

  it('would find a new code passed to an error without a text', () => {
    const source = `
      throw conflict('CASE.BRAND_NEW', 'note');
      throw new DomainError(late ? 'CASE.LATER' : 'CASE.NOT_FOUND', 'note');
      const refusal = { kind: 'role', code: 'SECTION.NEWLY_REFUSED', message: 'note' };
      const problem = { severity: 'error', code: 'DATA_TABLE.SOME_CHECK', message: '…', path: 'x' };
      if (p.code === 'INDICATORS.SCORE_BLANK') skip();
    `;
    const found = codesPassed('example.ts', source).map((p) => p.code);
    expect(found).toEqual(['CASE.BRAND_NEW', 'CASE.LATER', 'CASE.NOT_FOUND', 'SECTION.NEWLY_REFUSED']);
    expect(found.filter((code) => !isCode(code))).toEqual(['CASE.BRAND_NEW', 'CASE.LATER', 'SECTION.NEWLY_REFUSED']);
  });
});
