import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DirectoryStore, PeopleStore, Transactor, type DirectoryUnitFields, type DirectoryUnitRow, type Tx } from '@jixiao/persistence';
import { UNFINISHED_STATES } from '@jixiao/workflow';
import { InvitationService } from '../accounts/invitation.service';
import { Clock } from '../clock';
import { conflict, unprocessable, type DomainError } from '../errors';
import type { Principal } from '../principal';
import type { NamedSheet, SheetFormat, SheetProblem } from '../tracking/named-sheet';
import { SheetReader } from '../tracking/sheet-reader';
import { DirectoryService } from './directory.service';
import { DIRECTORY_SHEET_SPEC } from './directory-sheet';
import { planDirectoryImport, type DirectoryImportChanges, type DirectoryImportPlan, type PlannedUnit } from './import-plan';

export interface DirectoryImportOptions {
  /** Archive (撤并) the active units the file does not list. */
  archiveMissing: boolean;
  /** The preview's digest: applying is refused if the directory or the file changed since. */
  digest?: string;
}

/** What a preview or an import answers: a preview's problems and digest, or the import's id once applied. */
export interface DirectoryImportAnswer {
  problems: SheetProblem[];
  changes: DirectoryImportChanges;
  rows: number;
  /** A preview's: pass it back when applying. */
  digest: string | null;
  /** An applied import's: it marks the import's entries in the units' histories. */
  importId: string | null;
}

const ARCHIVED_BY_IMPORT = '名录导入时文件中没有这个单位';
const NO_CHANGES: DirectoryImportChanges = { added: [], renamed: [], moved: [], updated: [], archived: [], restored: [], unchanged: 0, administrators: [] };

/**
 * The directory import (.xlsx or CSV): a preview that lists every problem with its row and column and
 * the changes applying would make, then applying it in one transaction, with the administrators it
 * names invited by mail. Both read the file in a worker thread, outside the transaction.
 */
@Injectable()
export class DirectoryImportService {
  constructor(
    private readonly transactor: Transactor,
    private readonly directory: DirectoryStore,
    private readonly people: PeopleStore,
    private readonly sheets: SheetReader,
    private readonly invitations: InvitationService,
    private readonly directoryService: DirectoryService,
    private readonly clock: Clock,
  ) {}

  /** Refuses anyone but a finance officer before an upload is read. */
  authorise(principal: Principal): void {
    this.directoryService.bureauOf(principal);
  }

  async preview(principal: Principal, bytes: Buffer, format: SheetFormat, options: DirectoryImportOptions): Promise<DirectoryImportAnswer> {
    const bureauId = this.directoryService.bureauOf(principal);
    const sheet = await this.sheets.read(bytes, format, DIRECTORY_SHEET_SPEC);
    const tx = this.transactor.manager;
    const existing = await this.directory.units(tx, bureauId);
    const digest = digestOf(existing, bytes, options.archiveMissing);
    if (!sheet.ok) return { problems: sheet.problems, changes: NO_CHANGES, rows: 0, digest, importId: null };
    const plan = await this.plan(bureauId, sheet, existing, options, tx);
    return { problems: plan.problems, changes: plan.changes, rows: sheet.rows.length, digest, importId: null };
  }

  async apply(principal: Principal, bytes: Buffer, format: SheetFormat, options: DirectoryImportOptions): Promise<DirectoryImportAnswer> {
    const bureauId = this.directoryService.bureauOf(principal);
    const sheet = await this.sheets.read(bytes, format, DIRECTORY_SHEET_SPEC);
    if (!sheet.ok) throw importInvalid(sheet.problems);
    return this.transactor.run(async (tx) => {
      await this.directory.lock(tx, bureauId);
      const existing = await this.directory.units(tx, bureauId);
      if (options.digest !== undefined && options.digest !== digestOf(existing, bytes, options.archiveMissing)) {
        throw conflict('DIRECTORY.CHANGED_SINCE_PREVIEW', 'The directory or the file changed since the preview.');
      }
      const plan = await this.plan(bureauId, sheet, existing, options, tx);
      if (plan.problems.length > 0) throw importInvalid(plan.problems);
      const now = this.clock.now();
      const idOf = new Map(existing.map((u) => [u.code, u.id]));
      const fields = (unit: PlannedUnit): DirectoryUnitFields => ({
        code: unit.code,
        name: unit.name,
        parentId: unit.parentCode === null ? null : (idOf.get(unit.parentCode) ?? null),
        unitType: unit.unitType,
        contactName: unit.contactName,
        contactPhone: unit.contactPhone,
        contactEmail: unit.contactEmail,
        archivedAt: unit.archived ? now : null,
        archivedReason: unit.archived ? ARCHIVED_BY_IMPORT : null,
      });
      // New units first, under existing parents; then those under new parents, once these have ids.
      const created = await this.directory.insert(tx, bureauId, plan.create.map(fields));
      plan.create.forEach((unit, index) => idOf.set(unit.code, created[index]!));
      const underNew = plan.create.filter((unit) => unit.parentCode !== null && !existing.some((u) => u.code === unit.parentCode));
      await this.directory.update(tx, bureauId, [...plan.update, ...underNew].map((unit) => ({ ...fields(unit), id: idOf.get(unit.code)! })));
      const importId = randomUUID();
      const records = plan.records.map((r) => ({ unitId: idOf.get(r.code)!, kind: r.kind, before: r.before, after: r.after }));
      await this.directory.record(tx, bureauId, principal.userId, now, records, importId);
      for (const admin of plan.administrators) {
        await this.invitations.inviteNewUser(
          tx,
          { organisationId: idOf.get(admin.code)!, username: admin.username, displayName: admin.displayName, email: admin.email, roles: ['unit_admin'] },
          principal,
        );
      }
      return { problems: [], changes: plan.changes, rows: sheet.rows.length, digest: null, importId };
    });
  }

  private async plan(
    bureauId: string,
    sheet: Extract<NamedSheet, { ok: true }>,
    existing: DirectoryUnitRow[],
    options: DirectoryImportOptions,
    tx: Tx,
  ): Promise<DirectoryImportPlan> {
    const usernames = [...new Set(sheet.rows.map((r) => (r.cells.adminUsername ?? '').trim()).filter((u) => u !== ''))];
    return planDirectoryImport(sheet.rows, {
      existing,
      usernames: await this.people.usernamesTaken(tx, usernames),
      unfinishedCase: options.archiveMissing ? await this.directory.unitsWithCaseIn(tx, bureauId, UNFINISHED_STATES) : new Map(),
      archiveMissing: options.archiveMissing,
      columns: sheet.columns,
    });
  }
}

/** What a preview saw: the directory, the file and the option; applying compares it. */
function digestOf(existing: readonly DirectoryUnitRow[], bytes: Buffer, archiveMissing: boolean): string {
  const hash = createHash('sha256');
  const units = [...existing].sort((a, b) => a.id.localeCompare(b.id));
  for (const u of units) {
    hash.update(JSON.stringify([u.id, u.code, u.name, u.parentId, u.unitType, u.contactName, u.contactPhone, u.contactEmail, u.archivedAt?.toISOString() ?? null]));
  }
  hash.update(archiveMissing ? 'archive-missing' : 'keep-missing');
  hash.update(bytes);
  return hash.digest('hex').slice(0, 32);
}

function importInvalid(problems: readonly SheetProblem[]): DomainError {
  const shown = problems.slice(0, 5).map((p) => p.message).join('');
  return unprocessable('DIRECTORY.IMPORT_INVALID', `The directory file has ${problems.length} problems: ${shown}`, { problems });
}
