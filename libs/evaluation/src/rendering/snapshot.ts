import type { SectionBlock } from '@jixiao/report';

/**
 * What a sealed version says, in a canonical form: plain JSON, keys in a fixed order, amounts as
 * exact decimal strings in 万元. The rendered documents are made from it and nothing else.
 */
export interface SealedSnapshot {
  caseId: string;
  contentVersion: number;
  unitName: string;
  fiscalYear: number;
  documentNumber: string;
  /** The date of the seal in Asia/Shanghai, YYYY-MM-DD: the report's date and the document's timestamps. */
  date: string;
  sections: SnapshotSection[];
  dataTable: SnapshotDataTable | null;
  indicators: SnapshotIndicators;
  /**
   * The case's project self-evaluation forms (项目支出绩效自评表), in the campaign's order. Absent when
   * the case has none, so that a snapshot sealed before forms existed canonicalises to the same text.
   */
  projectForms?: SnapshotProjectForm[];
  /** False when the unit files project forms only: the department-wide parts are then not printed. Absent means true. */
  departmentReport?: false;
  /**
   * The unit's electronic seal the PDF bears and is signed with (its serial and image digest), when
   * the unit has one set up. Absent otherwise, so that a snapshot sealed before electronic seals
   * canonicalises to the same text. Part of the rendering's key: another seal is another PDF.
   */
  seal?: { serial: string; imageSha256: string };
}

/** One project form as printed: every figure as text, exactly as the form shows it. */
export interface SnapshotProjectForm {
  /** The campaign's project code, e.g. `P01`. */
  code: string;
  projectName: string;
  competentDepartment: string;
  implementingUnit: string;
  projectLeader: string;
  phone: string;
  rulePackName: string;
  /** Column labels of the rule pack (全年预算数 or 调整后预算数 …) and its optional columns. */
  columns: { budget: string; spent: string };
  indicatorColumns: { nature: boolean; unit: boolean };
  fundingReasonColumn: boolean;
  /** 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金; only the total row carries points, rate and score. */
  funding: Array<{ label: string; initialBudget: string; budget: string; spent: string; points: string; rate: string; score: string }>;
  fundingReason: string;
  goals: { expected: string; actual: string };
  indicators: Array<{
    level1: string;
    level2: string;
    level3: string;
    nature: string;
    unit: string;
    target: string;
    actual: string;
    points: string;
    score: string;
    deviationReason: string;
  }>;
  /** Derived, never typed: the total after any cap, the cap, and the grade. */
  total: string;
  cap: string | null;
  grade: string | null;
}

export interface SnapshotSection {
  code: string;
  title: string;
  revision: number;
  blocks: SectionBlock[];
}

/** One printed line of the basic data table: a label and its figure (万元, or a count of people). */
export interface SnapshotFigure {
  key: string;
  label: string;
  value: string;
}

export interface SnapshotDataTable {
  unit: '万元';
  figures: SnapshotFigure[];
  staffing: Array<{ organ: string; authorizedPosts: string; staffInPost: string; retired: string; retiredBefore1949: string }>;
}

export interface SnapshotIndicators {
  title: string;
  rows: Array<{ code: string; name: string; level: number; maximum: string; score: string }>;
  total: string;
  grade: string | null;
}

/** Top-level parts of the seed outline, printed when the outline only lists their sub-sections. */
export const PART_TITLES: Readonly<Record<string, string>> = {
  '1': '单位基本情况',
  '2': '自评工作开展情况',
  '3': '绩效自评情况',
};

/**
 * The canonical JSON text of a snapshot: hashed, stored and compared. The bytes are those of
 * `JSON.stringify` over a copy with every object's keys sorted (and undefined members dropped),
 * which is how sealed versions were always hashed; written directly, without building the copy.
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value) as string;
}

/**
 * `canonicalJson` of a plain object, and of the same object less the `omitted` keys, from one pass
 * over its members: a SEAL hashes both (its rendering's key and the whole snapshot's digest).
 */
export function canonicalJsonWithAndWithout(value: Record<string, unknown>, omitted: readonly string[]): { whole: string; without: string } {
  const members = canonicalMembers(value);
  return {
    whole: `{${members.map((m) => m.text).join(',')}}`,
    without: `{${members
      .filter((m) => !omitted.includes(m.key))
      .map((m) => m.text)
      .join(',')}}`,
  };
}

/** Undefined where JSON.stringify writes nothing (undefined, a function, a symbol). */
function writeCanonical(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += `${i === 0 ? '' : ','}${writeCanonical(value[i]) ?? 'null'}`;
    return `${text}]`;
  }
  let text = '{';
  for (const key of memberOrder(value as Record<string, unknown>)) {
    const member = writeCanonical((value as Record<string, unknown>)[key]);
    if (member !== undefined) text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${member}`;
  }
  return `${text}}`;
}

/** An object's members as `"key":value` texts, in canonical order, less those JSON.stringify leaves out. */
function canonicalMembers(value: Record<string, unknown>): Array<{ key: string; text: string }> {
  const members: Array<{ key: string; text: string }> = [];
  for (const key of memberOrder(value)) {
    const text = writeCanonical(value[key]);
    if (text !== undefined) members.push({ key, text: `${JSON.stringify(key)}:${text}` });
  }
  return members;
}

/**
 * The order JSON.stringify gave the sorted copy of an object: that copy was a new object, which
 * lists array-index keys ("1", "20") first in numeric order, then the others as inserted (sorted).
 */
function memberOrder(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value).sort();
  if (!keys.some(isArrayIndex)) return keys;
  return [...keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isArrayIndex(key))];
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return false;
  const n = Number(key);
  return n >>> 0 === n && n !== 4294967295 && String(n) === key;
}
