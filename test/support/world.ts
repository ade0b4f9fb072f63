import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { PasswordHasher } from '@jixiao/evaluation';
import { OrganisationStore, Transactor, UserStore } from '@jixiao/persistence';
import type { Role } from '@jixiao/workflow';

export const TEST_PASSWORD = 'Test@Passw0rd';

export interface WorldUser {
  id: string;
  username: string;
  roles: Role[];
}

export interface WorldUnit {
  id: string;
  name: string;
  admin: WorldUser;
  leader: WorldUser;
  deputy: WorldUser;
  member: WorldUser;
  member2: WorldUser;
  compiler: WorldUser;
  sealKeeper: WorldUser;
  publisher: WorldUser;
}

export interface World {
  tag: string;
  bureau: { id: string; officer: WorldUser };
  units: WorldUnit[];
}

let hashed: Promise<string> | null = null;

/**
 * Builds a finance bureau with one officer and `unitCount` units, each with one person per role.
 * Every name carries a fresh tag, so worlds built by different tests never collide.
 */
export async function newWorld(app: INestApplication, options: { unitCount?: number } = {}): Promise<World> {
  const tag = randomUUID().slice(0, 8);
  const transactor = app.get(Transactor);
  const organisations = app.get(OrganisationStore);
  const users = app.get(UserStore);
  hashed ??= app.get(PasswordHasher).hash(TEST_PASSWORD);
  const passwordHash = await hashed;
  return transactor.run(async (tx) => {
    const user = async (organisationId: string, name: string, roles: Role[]): Promise<WorldUser> => {
      const username = `${name}.${tag}`;
      const created = await users.create(tx, { organisationId, username, displayName: `${name} ${tag}`, email: `${username}@test.example`, passwordHash, roles });
      return { id: created.id, username, roles };
    };
    const bureau = await organisations.create(tx, { kind: 'finance_bureau', name: `财政局 ${tag}`, code: `B-${tag}` });
    const officer = await user(bureau.id, 'officer', ['finance_officer']);
    const units: WorldUnit[] = [];
    for (let i = 0; i < (options.unitCount ?? 1); i += 1) {
      const unit = await organisations.create(tx, { kind: 'unit', name: `单位${i + 1} ${tag}`, code: `U${i + 1}-${tag}`, bureauId: bureau.id });
      await organisations.addSubOffices(tx, unit.id, [
        { kind: 'office', name: '办公室' },
        { kind: 'institution', name: '事业单位' },
      ]);
      const u = (name: string, roles: Role[]) => user(unit.id, `u${i + 1}.${name}`, roles);
      units.push({
        id: unit.id,
        name: unit.name,
        admin: await u('admin', ['unit_admin']),
        leader: await u('leader', ['group_leader']),
        deputy: await u('deputy', ['deputy_leader']),
        member: await u('member', ['member']),
        member2: await u('member2', ['member']),
        compiler: await u('compiler', ['compiler']),
        sealKeeper: await u('seal', ['seal_keeper']),
        publisher: await u('publisher', ['publisher']),
      });
    }
    return { tag, bureau: { id: bureau.id, officer }, units };
  });
}

/**
 * A system administrator of this test, in the database's one system organisation (made on first
 * need): the account that keeps the installation (bureaus, the security log's export).
 */
export async function newSystemAdmin(app: INestApplication, tag: string, displayName = `系统管理员 ${tag}`): Promise<WorldUser> {
  const passwordHash = await app.get(PasswordHasher).hash(TEST_PASSWORD);
  return app.get(Transactor).run(async (tx) => {
    const found = await tx.query(`SELECT id FROM organisations WHERE kind = 'system'`);
    const organisationId: string = found[0]?.id ?? (await app.get(OrganisationStore).create(tx, { kind: 'system', name: '系统管理', code: 'SYSTEM' })).id;
    const username = `sysadmin.${tag}`;
    const user = await app.get(UserStore).create(tx, { organisationId, username, displayName, email: null, passwordHash, roles: ['system_admin'] });
    return { id: user.id, username, roles: ['system_admin'] };
  });
}
