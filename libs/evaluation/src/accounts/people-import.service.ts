import { Injectable } from '@nestjs/common';
import { OrganisationStore, PeopleStore, Transactor, type Tx } from '@jixiao/persistence';
import type { Code } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { forbidden, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { DueItemsService } from '../reminders/due-items.service';
import type { NamedSheet, SheetFormat } from '../tracking/named-sheet';
import { SheetReader } from '../tracking/sheet-reader';
import { InvitationService } from './invitation.service';
import { planPeopleImport, type ImportedPerson, type PeopleImportPlan, type PeopleImportProblem, type UpdatedPerson } from './people-import-plan';
import { PEOPLE_SHEET_SPEC } from './people-sheet';

export interface PeopleImportResult {
  problems: PeopleImportProblem[];
  changes: { added: ImportedPerson[]; updated: UpdatedPerson[]; unchanged: number; subOffices: string[] };
  /** Data rows read from the file. */
  rows: number;
}

/** Problems of the sheet as a whole, under the people import's own codes where the reader's speak of units. */
const SHEET_CODES: Partial<Record<string, Code>> = {
  'IMPORT.HEADER_MISSING': 'USER.IMPORT_HEADER_MISSING',
  'IMPORT.NO_ROWS': 'USER.IMPORT_NO_ROWS',
  'IMPORT.TOO_MANY_ROWS': 'USER.IMPORT_TOO_MANY_ROWS',
};

function sheetProblems(sheet: Extract<NamedSheet, { ok: false }>): PeopleImportProblem[] {
  return sheet.problems.map((p) => ({ row: p.row, field: null, code: SHEET_CODES[p.code] ?? (p.code as Code), message: p.message }));
}

function resultOf(plan: PeopleImportPlan, rows: number): PeopleImportResult {
  const { problems, added, updated, unchanged, subOffices } = plan;
  return { problems, changes: { added, updated, unchanged, subOffices }, rows };
}

/**
 * A unit admin's import of the unit's people (姓名, 账号, 邮箱, 手机, 角色, 组室): a preview
 * that lists every problem and change, and an apply that decides again in one transaction and
 * writes all or nothing. Each new person gets an invitation; unknown 组室 are created.
 */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly people: PeopleStore,
    private readonly sheets: SheetReader,
    private readonly invitations: InvitationService,
    private readonly policy: AccessPolicy,
    private readonly dueItems: DueItemsService,
  ) {}

  async preview(principal: Principal, unitId: string, bytes: Buffer, format: SheetFormat): Promise<PeopleImportResult> {
    await this.check(this.transactor.manager, principal, unitId);
    // Read in a worker thread and outside any transaction: a slow file holds neither the event loop nor a connection.
    const sheet = await this.sheets.read(bytes, format, PEOPLE_SHEET_SPEC);
    if (!sheet.ok) return { problems: sheetProblems(sheet), changes: { added: [], updated: [], unchanged: 0, subOffices: [] }, rows: 0 };
    const plan = await this.plan(this.transactor.manager, principal, unitId, sheet);
    return resultOf(plan, sheet.rows.length);
  }

  async apply(principal: Principal, unitId: string, bytes: Buffer, format: SheetFormat): Promise<PeopleImportResult> {
    await this.check(this.transactor.manager, principal, unitId);
    const sheet = await this.sheets.read(bytes, format, PEOPLE_SHEET_SPEC);
    if (!sheet.ok) throw importInvalid(sheetProblems(sheet));
    return this.transactor.run(async (tx) => {
      await this.check(tx, principal, unitId);
      await this.people.lockOrganisation(tx, unitId);
      const plan = await this.plan(tx, principal, unitId, sheet);
      if (plan.problems.length > 0) throw importInvalid(plan.problems);
      const offices = await this.organisations.listSubOffices(tx, unitId);
      await this.organisations.addSubOffices(tx, unitId, plan.subOffices.map((name) => ({ kind: 'office' as const, name })), offices.length);
      const officeId = new Map((await this.organisations.listSubOffices(tx, unitId)).map((o) => [o.name, o.id]));
      for (const person of plan.added) {
        await this.invitations.inviteNewUser(
          tx,
          {
            organisationId: unitId,
            username: person.username,
            displayName: person.displayName,
            email: person.email!,
            phone: person.phone,
            roles: person.roles,
            subOfficeId: person.subOffice === null ? null : officeId.get(person.subOffice)!,
          },
          principal,
        );
      }
      for (const person of plan.updated) {
        if (person.changed.some((c) => c === 'displayName' || c === 'email' || c === 'phone')) {
          await this.people.setContact(tx, person.userId, { displayName: person.displayName, email: person.email, phone: person.phone });
        }
        if (person.changed.includes('roles')) await this.people.setRoles(tx, person.userId, unitId, person.roles);
        if (person.changed.includes('subOffice')) await this.people.setSubOffice(tx, person.userId, person.subOffice === null ? null : officeId.get(person.subOffice)!);
      }
      // Roles and sub-offices decide who drafts, approves, seals and publishes: the due items follow.
      if (plan.added.length > 0 || plan.updated.length > 0) await this.dueItems.refreshUnit(tx, unitId);
      return resultOf(plan, sheet.rows.length);
    });
  }

  private async plan(tx: Tx, principal: Principal, unitId: string, sheet: Extract<NamedSheet, { ok: true }>): Promise<PeopleImportPlan> {
    const [people, offices] = await Promise.all([this.people.people(tx, unitId), this.organisations.listSubOffices(tx, unitId)]);
    const officeName = new Map(offices.map((o) => [o.id, o.name]));
    const usernames = [...new Set(sheet.rows.map((r) => (r.cells.username ?? '').trim()).filter((u) => u !== ''))];
    const owners = await this.people.usernamesTaken(tx, usernames);
    return planPeopleImport(sheet.rows, sheet.columns, {
      people: new Map(
        people.map((p) => [
          p.username,
          { id: p.id, username: p.username, displayName: p.displayName, email: p.email, phone: p.phone, roles: p.roles, subOffice: p.subOfficeId ? (officeName.get(p.subOfficeId) ?? null) : null },
        ]),
      ),
      takenElsewhere: new Set([...owners].filter(([, organisationId]) => organisationId !== unitId).map(([username]) => username)),
      subOfficeNames: new Set(offices.map((o) => o.name)),
      importerId: principal.userId,
    });
  }

  /** Refuses the caller before the file is read (404 outside their scope, 403 unless the unit's admin). */
  authorise(principal: Principal, unitId: string): Promise<void> {
    return this.check(this.transactor.manager, principal, unitId);
  }

  /** The unit's admin only; a unit the caller cannot see answers 404. */
  private async check(tx: Tx, principal: Principal, unitId: string): Promise<void> {
    const organisation = await this.organisations.findById(tx, unitId);
    if (!organisation || !(await this.policy.seesOrganisation(tx, principal, unitId))) throw notFound('organisation', unitId);
    if (!this.policy.managesOrganisation(principal, unitId)) {
      throw forbidden('ORG.ROLE_NOT_ALLOWED', "Only the unit's admin imports its people.");
    }
    if (organisation.kind !== 'unit') throw unprocessable('ORG.NOT_A_UNIT', 'People lists are imported into budget units.');
  }
}

function importInvalid(problems: readonly PeopleImportProblem[]) {
  const shown = problems.slice(0, 5).map((p) => p.message).join('');
  return unprocessable('USER.IMPORT_INVALID', `The people list has ${problems.length} problems; nothing was imported: ${shown}${problems.length > 5 ? '…' : ''}`, {
    count: problems.length,
    problems,
  });
}
