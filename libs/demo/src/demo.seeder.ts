import { Injectable, Logger } from '@nestjs/common';
import { CampaignProjectsService, CampaignService, Clock, PasswordHasher, SealKeyring, shanghaiDate, UnitSealService, type Principal } from '@jixiao/evaluation';
import { OrganisationStore, PeopleStore, Transactor, UserStore } from '@jixiao/persistence';
import type { Role } from '@jixiao/workflow';
import { DemoCasePreloader } from './demo-case.preloader';
import { demoSealPng } from './demo-seal-image';
import { DEMO_PROJECTS } from './demo-project-forms';
import { DEMO_BUREAU, DEMO_CAMPAIGN, DEMO_SYSTEM, DEMO_UNITS, type DemoUser } from './demo-data';

export interface SeedResult {
  created: boolean;
  accounts: Array<{ username: string; description: string }>;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Loads the demo organisations, people and an issued campaign into an empty database. */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly transactor: Transactor,
    private readonly organisations: OrganisationStore,
    private readonly users: UserStore,
    private readonly people: PeopleStore,
    private readonly campaigns: CampaignService,
    private readonly projects: CampaignProjectsService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly preloader: DemoCasePreloader,
    private readonly seals: UnitSealService,
    private readonly keyring: SealKeyring,
  ) {}

  private readonly logger = new Logger('DemoSeeder');

  async seedIfEmpty(password: string): Promise<SeedResult> {
    const accounts = [DEMO_SYSTEM, DEMO_BUREAU, ...DEMO_UNITS].flatMap((org) => org.users.map((u) => ({ username: u.username, description: u.description })));
    if ((await this.users.countUsers(this.transactor.manager)) > 0) return { created: false, accounts };
    const passwordHash = await this.hasher.hash(password);
    const unitPeople = new Map<string, { id: string; displayName: string; roles: Role[]; organisationId: string; organisationName: string }>();
    const { officer, unitIds } = await this.transactor.run(async (tx) => {
      const bureau = await this.organisations.create(tx, { kind: 'finance_bureau', name: DEMO_BUREAU.name, code: DEMO_BUREAU.code });
      // One statement at a time: a transaction is one connection.
      const createUsers = async (organisationId: string, users: DemoUser[]) => {
        const created = [];
        for (const u of users) {
          created.push(
            await this.users.create(tx, {
              organisationId,
              username: u.username,
              displayName: u.displayName,
              email: `${u.username}@xiashan.example`,
              passwordHash,
              roles: u.roles,
            }),
          );
        }
        return created;
      };
      const [officer] = await createUsers(bureau.id, DEMO_BUREAU.users);
      const system = await this.organisations.create(tx, { kind: 'system', name: DEMO_SYSTEM.name, code: DEMO_SYSTEM.code });
      await createUsers(system.id, DEMO_SYSTEM.users);
      const unitIds: string[] = [];
      for (const unit of DEMO_UNITS) {
        const org = await this.organisations.create(tx, {
          kind: 'unit',
          name: unit.name,
          code: unit.code,
          bureauId: bureau.id,
          unitType: unit.unitType,
          contactName: unit.contact.name,
          contactPhone: unit.contact.phone,
          contactEmail: unit.contact.email,
        });
        await this.organisations.addSubOffices(tx, org.id, [
          ...unit.offices.map((name) => ({ kind: 'office' as const, name })),
          ...unit.institutions.map((name) => ({ kind: 'institution' as const, name })),
        ]);
        const created = await createUsers(org.id, unit.users);
        for (const [index, person] of unit.users.entries()) {
          unitPeople.set(person.username, { id: created[index]!.id, displayName: person.displayName, roles: person.roles, organisationId: org.id, organisationName: unit.name });
        }
        const offices = await this.organisations.listSubOffices(tx, org.id);
        for (const [index, person] of unit.users.entries()) {
          const office = offices.find((o) => o.name === person.subOffice);
          if (office) await this.people.setSubOffice(tx, created[index]!.id, office.id);
        }
        unitIds.push(org.id);
      }
      return { officer: { user: officer!, bureau }, unitIds };
    });
    const principal: Principal = {
      sessionId: 'demo-seed',
      userId: officer.user.id,
      username: officer.user.username,
      displayName: officer.user.displayName,
      organisationId: officer.bureau.id,
      organisationKind: 'finance_bureau',
      organisationName: officer.bureau.name,
      roles: ['finance_officer'],
    };
    const today = shanghaiDate(this.clock.now());
    const campaign = await this.campaigns.create(principal, {
      documentNumber: DEMO_CAMPAIGN.documentNumber,
      title: DEMO_CAMPAIGN.title,
      fiscalYear: DEMO_CAMPAIGN.fiscalYear,
      submissionDeadline: addDays(today, DEMO_CAMPAIGN.submissionInDays),
      publicationDeadline: addDays(today, DEMO_CAMPAIGN.publicationInDays),
      roundingTolerance: DEMO_CAMPAIGN.roundingTolerance,
      unitIds,
    });
    for (const project of DEMO_PROJECTS) {
      await this.projects.add(principal, campaign.id, { unitId: unitIds[1]!, code: project.code, name: project.name, competentDepartment: project.competentDepartment, implementingUnit: project.implementingUnit });
    }
    await this.campaigns.issue(principal, campaign.id, null);
    // The second unit's case, part-way, so that a new user sees a living case at once.
    const as = (username: string): Principal => {
      const person = unitPeople.get(username)!;
      return {
        sessionId: 'demo-seed',
        userId: person.id,
        username,
        displayName: person.displayName,
        organisationId: person.organisationId,
        organisationKind: 'unit',
        organisationName: person.organisationName,
        roles: person.roles,
      };
    };
    // Every demo unit has an electronic seal, set up by its admin, so that sealing signs the PDF.
    if (this.keyring.ready) {
      for (const [index, unit] of DEMO_UNITS.entries()) {
        const admin = unit.users.find((u) => u.roles.includes('unit_admin'))!;
        await this.seals.setUp(as(admin.username), unitIds[index]!, demoSealPng(), { validUntil: addDays(today, 730) });
      }
    } else {
      this.logger.warn('No SEAL_KEY_ENCRYPTION_KEY: the demo units get no electronic seal, and seal without one.');
    }
    await this.preloader.preload(campaign.id, unitIds[1]!, { admin: as('daj.admin'), leader: as('daj.leader'), member: as('daj.member') }, addDays(today, DEMO_CAMPAIGN.submissionInDays - 10));
    return { created: true, accounts };
  }
}
