import { Injectable } from '@nestjs/common';
import { DirectoryStore, Transactor, type DirectoryChangeKind, type DirectoryUnitRow, type NewDirectoryChange, type Tx, type UnitType } from '@jixiao/persistence';
import { UNFINISHED_STATES } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { Clock } from '../clock';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { checkUnitCode } from './credit-code';
import { cycleIfMoved } from './hierarchy';
import { CONTACT_FIELDS, unitSnapshot, unitViews, type UnitView } from './unit-views';

export interface NewUnit {
  code: string;
  name: string;
  parentId?: string | null;
  unitType?: UnitType | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
}

/** 更名 (name), 调整主管部门 (parentId; null: top level), type and contacts; absent fields stay. */
export type UnitPatch = Partial<Omit<NewUnit, 'code'>>;

export interface DirectoryChangeView {
  id: string;
  kind: DirectoryChangeKind;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actorName: string | null;
  at: string;
  importId: string | null;
}

const blankToNull = (value: string | null | undefined) => (value == null || value.trim() === '' ? null : value.trim());

/**
 * The budget-unit directory (单位名录) a finance bureau keeps: its officers list, create, rename,
 * move, archive (撤并) and restore units. Every change is recorded with who made it. A rename keeps
 * the unit's id, so its cases follow it; archiving keeps every case and history.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly transactor: Transactor,
    private readonly directory: DirectoryStore,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  /** The bureau whose directory the principal keeps: their own, as a finance officer. */
  bureauOf(principal: Principal): string {
    if (!this.policy.isFinanceOfficer(principal)) {
      throw forbidden('DIRECTORY.ROLE_NOT_ALLOWED', 'Only finance officers keep their bureau’s directory.');
    }
    return principal.organisationId;
  }

  /**
   * The bureau for a request about one unit: outside the principal's sight the unit answers 404, so
   * its existence does not leak; inside it (a unit's own staff), anyone but a finance officer gets 403.
   */
  private async bureauFor(tx: Tx, principal: Principal, unitId: string): Promise<string> {
    if (!(await this.policy.seesOrganisation(tx, principal, unitId))) throw notFound('organisation', unitId);
    return this.bureauOf(principal);
  }

  async list(principal: Principal, query: { search?: string; includeArchived: boolean; limit: number; offset: number }) {
    const bureauId = this.bureauOf(principal);
    const all = unitViews(await this.directory.units(this.transactor.manager, bureauId));
    const needle = query.search?.trim().toLowerCase();
    const shown = all.filter(
      (u) =>
        (query.includeArchived || u.archivedAt === null) &&
        (!needle || [u.name, u.code, ...u.formerNames].some((text) => text.toLowerCase().includes(needle))),
    );
    return { items: shown.slice(query.offset, query.offset + query.limit), total: shown.length, limit: query.limit, offset: query.offset };
  }

  async unit(principal: Principal, unitId: string): Promise<UnitView> {
    const tx = this.transactor.manager;
    return this.viewOf(tx, await this.bureauFor(tx, principal, unitId), unitId);
  }

  async create(principal: Principal, input: NewUnit): Promise<UnitView> {
    const bureauId = this.bureauOf(principal);
    return this.transactor.run(async (tx) => {
      await this.directory.lock(tx, bureauId);
      const units = await this.directory.units(tx, bureauId);
      const code = checkedCode(input.code);
      const holder = units.find((u) => u.code === code);
      if (holder) throw conflict('DIRECTORY.CODE_TAKEN', 'The code is taken in this directory.', { code, name: holder.name, fields: ['code'] });
      const name = input.name.trim();
      checkNameFree(units, name, null);
      const parentId = input.parentId ?? null;
      const parent = parentId === null ? null : activeParent(units, parentId);
      const fields = {
        code,
        name,
        parentId,
        unitType: input.unitType ?? null,
        contactName: blankToNull(input.contactName),
        contactPhone: blankToNull(input.contactPhone),
        contactEmail: blankToNull(input.contactEmail),
        archivedAt: null,
        archivedReason: null,
      };
      const [id] = await this.directory.insert(tx, bureauId, [fields]);
      await this.directory.record(tx, bureauId, principal.userId, this.clock.now(), [{ unitId: id!, kind: 'created', before: null, after: unitSnapshot(fields, parent?.name ?? null) }]);
      return this.viewOf(tx, bureauId, id!);
    });
  }

  async update(principal: Principal, unitId: string, patch: UnitPatch): Promise<UnitView> {
    return this.transactor.run(async (tx) => {
      const bureauId = await this.bureauFor(tx, principal, unitId);
      await this.directory.lock(tx, bureauId);
      const units = await this.directory.units(tx, bureauId);
      const unit = activeUnit(units, unitId);
      const next: DirectoryUnitRow = { ...unit };
      const changes: NewDirectoryChange[] = [];
      const nameOf = (id: string | null) => (id === null ? null : (units.find((u) => u.id === id)?.name ?? null));
      if (patch.name !== undefined && patch.name.trim() !== unit.name) {
        next.name = patch.name.trim();
        checkNameFree(units, next.name, unit.id);
        changes.push({ unitId, kind: 'renamed', before: { name: unit.name }, after: { name: next.name } });
      }
      if (patch.parentId !== undefined && patch.parentId !== unit.parentId) {
        if (patch.parentId !== null) {
          activeParent(units, patch.parentId);
          const chain = cycleIfMoved(units, unitId, patch.parentId);
          if (chain) {
            const path = [unit.name, ...chain.map((id) => nameOf(id)!)].join(' → ');
            throw unprocessable('DIRECTORY.CYCLE', 'The move would put the unit under itself.', { path, fields: ['parentId'] });
          }
        }
        next.parentId = patch.parentId;
        changes.push({
          unitId,
          kind: 'moved',
          before: { parentId: unit.parentId, parentName: nameOf(unit.parentId) },
          after: { parentId: next.parentId, parentName: nameOf(next.parentId) },
        });
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const field of CONTACT_FIELDS) {
        if (patch[field] === undefined) continue;
        const value = field === 'unitType' ? (patch.unitType ?? null) : blankToNull(patch[field]);
        if (value === unit[field]) continue;
        before[field] = unit[field];
        after[field] = value;
        (next as unknown as Record<string, unknown>)[field] = value;
      }
      if (Object.keys(after).length > 0) changes.push({ unitId, kind: 'updated', before, after });
      if (changes.length > 0) {
        await this.directory.update(tx, bureauId, [next]);
        await this.directory.record(tx, bureauId, principal.userId, this.clock.now(), changes);
      }
      return this.viewOf(tx, bureauId, unitId);
    });
  }

  /**
   * 撤并: takes the unit out of the active directory (new campaigns cannot cover it). Refused while
   * active units are under it, or while it has an unfinished case in an issued campaign.
   */
  async archive(principal: Principal, unitId: string, reason: string): Promise<UnitView> {
    return this.transactor.run(async (tx) => {
      const bureauId = await this.bureauFor(tx, principal, unitId);
      if (reason.trim() === '') throw unprocessable('DIRECTORY.REASON_REQUIRED', 'Archiving needs a reason.', { fields: ['reason'] });
      await this.directory.lock(tx, bureauId);
      const units = await this.directory.units(tx, bureauId);
      const unit = activeUnit(units, unitId);
      const children = units.filter((u) => u.parentId === unitId && u.archivedAt === null).map((u) => u.name);
      if (children.length > 0) {
        throw conflict('DIRECTORY.HAS_ACTIVE_CHILDREN', 'Active units are under this one.', { children: children.join('、'), childNames: children });
      }
      const campaigns = await this.directory.campaignsWithCaseIn(tx, unitId, UNFINISHED_STATES);
      if (campaigns.length > 0) {
        throw conflict('DIRECTORY.OPEN_CASE', 'The unit has an unfinished case in an issued campaign.', { campaign: campaigns.join('》《'), campaigns });
      }
      const now = this.clock.now();
      await this.directory.update(tx, bureauId, [{ ...unit, archivedAt: now, archivedReason: reason.trim() }]);
      await this.directory.record(tx, bureauId, principal.userId, now, [{ unitId, kind: 'archived', before: null, after: { reason: reason.trim() } }]);
      return this.viewOf(tx, bureauId, unitId);
    });
  }

  /** Brings an archived unit back, under its former 主管部门 if that is still active. */
  async restore(principal: Principal, unitId: string): Promise<UnitView> {
    return this.transactor.run(async (tx) => {
      const bureauId = await this.bureauFor(tx, principal, unitId);
      await this.directory.lock(tx, bureauId);
      const units = await this.directory.units(tx, bureauId);
      const unit = units.find((u) => u.id === unitId);
      if (!unit) throw notFound('organisation', unitId);
      if (unit.archivedAt === null) throw conflict('DIRECTORY.NOT_ARCHIVED', 'The unit is not archived.');
      checkNameFree(units, unit.name, unit.id);
      if (unit.parentId !== null) activeParent(units, unit.parentId);
      await this.directory.update(tx, bureauId, [{ ...unit, archivedAt: null, archivedReason: null }]);
      await this.directory.record(tx, bureauId, principal.userId, this.clock.now(), [
        { unitId, kind: 'restored', before: { archivedAt: unit.archivedAt.toISOString(), reason: unit.archivedReason }, after: null },
      ]);
      return this.viewOf(tx, bureauId, unitId);
    });
  }

  /** A unit's changes, newest first. */
  async changes(principal: Principal, unitId: string): Promise<DirectoryChangeView[]> {
    const tx = this.transactor.manager;
    const bureauId = await this.bureauFor(tx, principal, unitId);
    if (!(await this.directory.holds(tx, bureauId, unitId))) throw notFound('organisation', unitId);
    return (await this.directory.changes(tx, unitId)).map((c) => ({
      id: c.id,
      kind: c.kind,
      before: c.before,
      after: c.after,
      actorName: c.actorName,
      at: c.at.toISOString(),
      importId: c.importId,
    }));
  }

  private async viewOf(tx: Tx, bureauId: string, unitId: string): Promise<UnitView> {
    const view = unitViews(await this.directory.units(tx, bureauId)).find((u) => u.id === unitId);
    if (!view) throw notFound('organisation', unitId);
    return view;
  }
}

/** The code as stored (trimmed, capitals), or the refusal that says what is wrong with it. */
function checkedCode(raw: string): string {
  const checked = checkUnitCode(raw);
  if (checked.ok) return checked.code;
  if (checked.problem === 'invalid') throw unprocessable('DIRECTORY.CODE_INVALID', 'Not a credit code nor a budget code.', { code: checked.code, fields: ['code'] });
  throw unprocessable('DIRECTORY.CODE_CHECK_FAILED', 'The credit code fails its check.', {
    code: checked.code,
    position: checked.position,
    expected: checked.expected,
    fields: ['code'],
  });
}

function checkNameFree(units: readonly DirectoryUnitRow[], name: string, self: string | null): void {
  if (units.some((u) => u.id !== self && u.archivedAt === null && u.name === name)) {
    throw conflict('DIRECTORY.NAME_TAKEN', 'An active unit of this directory has the name.', { name, fields: ['name'] });
  }
}

function activeUnit(units: readonly DirectoryUnitRow[], unitId: string): DirectoryUnitRow {
  const unit = units.find((u) => u.id === unitId);
  if (!unit) throw notFound('organisation', unitId);
  if (unit.archivedAt !== null) throw conflict('DIRECTORY.ARCHIVED', 'The unit is archived; restore it first.');
  return unit;
}

function activeParent(units: readonly DirectoryUnitRow[], parentId: string): DirectoryUnitRow {
  const parent = units.find((u) => u.id === parentId);
  if (!parent || parent.archivedAt !== null) throw unprocessable('DIRECTORY.UNKNOWN_PARENT', 'The parent is not an active unit of this directory.', { parentId, fields: ['parentId'] });
  return parent;
}
