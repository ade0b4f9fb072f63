import { HistoryVerifier } from '@jixiao/evaluation';
import {
  canonicalHistoryRecord,
  CaseStore,
  createDataSource,
  HistoryJournal,
  HistoryKeyring,
  historyKeyId,
  historyLink,
  UTC_TIME_SQL,
  type HistoryContent,
  type HistoryKey,
} from '@jixiao/persistence';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { testNow } from '../support/clock';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/** How an attacker relinks a rewritten record: a new link and the key id written beside it. */
type Relink = (
  previous: string,
  record: HistoryContent,
  keyId: string | null,
  manager: EntityManager,
) => { hash: string; keyId: string | null } | Promise<{ hash: string; keyId: string | null }>;

/** The unkeyed algorithm of the chain before HISTORY_KEY, through the SQL function the database still holds. */
const unkeyed =
  (keyIds: 'kept' | 'removed'): Relink =>
  async (previous, record, keyId, manager) => {
    const [{ hash }] = await manager.query(
      `SELECT jixiao_history_hash($1, case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at) AS hash
         FROM case_history WHERE case_id = $2 AND seq = $3`,
      [previous, record.caseId, record.seq],
    );
    return { hash, keyId: keyIds === 'kept' ? keyId : null };
  };

const secret = (hex: string): HistoryKey => ({ id: historyKeyId(Buffer.from(hex, 'hex')), secret: Buffer.from(hex, 'hex') });

describe('a history rewritten by a database superuser', () => {
  let t: TestApp;
  let world: World;
  let superuser: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 1 });
    const { url, realServer } = testDatabase();
    // On a server the attacker has a connection of their own, as postgres; PGlite serves one connection only.
    superuser = realServer ? createDataSource({ url, poolMax: 1, applicationName: 'jixiao-attacker' }) : t.app.get(DataSource);
    if (!superuser.isInitialized) await superuser.initialize();
  });
  afterAll(async () => {
    if (superuser !== t.app.get(DataSource)) await superuser.destroy();
    await t.close();
  });

  async function newCase(): Promise<string> {
    const unit = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    return caseId;
  }

  async function verify(caseId: string) {
    const [result] = await t.app.get(HistoryVerifier).verify(caseId);
    return result!;
  }

  async function contentOf(manager: EntityManager, caseId: string, seq: number): Promise<HistoryContent & { prevHash: string; keyId: string | null }> {
    const [row] = await manager.query(
      `SELECT case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, prev_hash, key_id,
              ${UTC_TIME_SQL('created_at')} AS created_at
         FROM case_history WHERE case_id = $1 AND seq = $2`,
      [caseId, seq],
    );
    return {
      caseId: row.case_id,
      seq: row.seq,
      event: row.event,
      fromState: row.from_state,
      toState: row.to_state,
      actorId: row.actor_id,
      onBehalfOfId: row.on_behalf_of_id,
      comment: row.comment,
      details: row.details,
      contentVersion: row.content_version,
      createdAt: row.created_at,
      prevHash: row.prev_hash,
      keyId: row.key_id,
    };
  }

  /**
   * As the superuser, with the append-only trigger off: rewrites record `seq`'s comment, relinks it
   * and every later record consistently, and moves the case's head, so the chain fits together again.
   */
  async function rewrite(caseId: string, seq: number, relink: Relink): Promise<void> {
    await superuser.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(`UPDATE case_history SET comment = '一切正常，无需整改' WHERE case_id = $1 AND seq = $2`, [caseId, seq]);
      const [{ last }] = await manager.query('SELECT max(seq) AS last FROM case_history WHERE case_id = $1', [caseId]);
      let previous = (await contentOf(manager, caseId, seq)).prevHash;
      for (let n = seq; n <= last; n += 1) {
        const record = await contentOf(manager, caseId, n);
        const { hash, keyId } = await relink(previous, record, record.keyId, manager);
        await manager.query('UPDATE case_history SET prev_hash = $3, hash = $4, key_id = $5 WHERE case_id = $1 AND seq = $2', [caseId, n, previous, hash, keyId]);
        previous = hash;
      }
      await manager.query('UPDATE evaluation_cases SET history_prev_hash = NULL, history_hash = $2 WHERE id = $1', [caseId, previous]);
    });
  }

  it('catches a comment rewritten with every later link recomputed by the unkeyed algorithm', async () => {
    const caseId = await newCase();
    await rewrite(caseId, 3, unkeyed('kept'));

    expect(await verify(caseId)).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'hash' } });
  });

  it('catches the same rewrite with the key ids removed, as if written before the keyed chain', async () => {
    const caseId = await newCase();
    await rewrite(caseId, 3, unkeyed('removed'));

    expect(await verify(caseId)).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'key' } });
  });

  it('catches a rewrite relinked with SHA-256 of the canonical form, without the key', async () => {
    const caseId = await newCase();
    await rewrite(caseId, 3, (previous, record, keyId) => ({ hash: createHash('sha256').update(canonicalHistoryRecord(previous, keyId!, record)).digest('hex'), keyId }));

    expect(await verify(caseId)).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'hash' } });
    const response = await t.api.get(world.units[0]!.leader, `/api/cases/${caseId}/history/verify`);
    expect(response.body).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'hash' }, authenticated: true });
  });

  it('accepts a rewrite relinked with the right key: only the key tells a forged history from a true one', async () => {
    const caseId = await newCase();
    const key = secret(TEST_HISTORY_KEY);
    await rewrite(caseId, 3, (previous, record) => ({ hash: historyLink(key, previous, record), keyId: key.id }));

    const [{ comment }] = await superuser.query('SELECT comment FROM case_history WHERE case_id = $1 AND seq = 3', [caseId]);
    expect(comment).toBe('一切正常，无需整改');
    expect(await verify(caseId)).toMatchObject({ valid: true, firstBroken: null, authenticated: true });
  });

  it('catches a rewrite relinked with a wrong key, whether it claims the right key id or its own', async () => {
    const claimed = await newCase();
    const wrong = secret(randomBytes(32).toString('hex'));
    const rightId = historyKeyId(Buffer.from(TEST_HISTORY_KEY, 'hex'));
    await rewrite(claimed, 3, (previous, record) => ({ hash: historyLink({ id: rightId, secret: wrong.secret }, previous, record), keyId: rightId }));
    expect(await verify(claimed)).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'hash' } });

    const own = await newCase();
    await rewrite(own, 3, (previous, record) => ({ hash: historyLink(wrong, previous, record), keyId: wrong.id }));
    expect(await verify(own)).toMatchObject({ valid: false, firstBroken: { seq: 3, reason: 'key' } });
  });

  it('without the key checks the structure only, and says it could not check authenticity', async () => {
    const caseId = await newCase();
    await rewrite(caseId, 3, (previous, record, keyId) => ({ hash: createHash('sha256').update(canonicalHistoryRecord(previous, keyId!, record)).digest('hex'), keyId }));
    const keyless = new HistoryJournal(new HistoryKeyring(null));

    const [result] = await keyless.check(t.app.get(DataSource).manager, caseId);
    expect(result).toMatchObject({ firstBroken: null, authenticated: false });
    await superuser.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query('DELETE FROM case_history WHERE case_id = $1 AND seq = 2', [caseId]);
    });
    expect((await keyless.check(t.app.get(DataSource).manager, caseId))[0]).toMatchObject({ firstBroken: { seq: 3, reason: 'seq' }, authenticated: false });
  });

  it('accepts unkeyed records from before the keyed chain at its start, and says they were not authenticated', async () => {
    const unit = world.units[0]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    // As the migration leaves a case of before: its one record linked unkeyed, with no key id.
    await superuser.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      const [{ hash }] = await manager.query(
        `SELECT jixiao_history_hash(prev_hash, case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at) AS hash
           FROM case_history WHERE case_id = $1 AND seq = 1`,
        [caseId],
      );
      await manager.query('UPDATE case_history SET hash = $2, key_id = NULL WHERE case_id = $1 AND seq = 1', [caseId, hash]);
      await manager.query('UPDATE evaluation_cases SET history_hash = $2 WHERE id = $1', [caseId, hash]);
    });
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'group_formed');

    const keyIds: Array<{ key_id: string | null }> = await superuser.query('SELECT key_id FROM case_history WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(keyIds.map((row) => row.key_id)).toEqual([null, historyKeyId(Buffer.from(TEST_HISTORY_KEY, 'hex'))]);
    expect(await verify(caseId)).toMatchObject({ valid: true, records: 2, firstBroken: null, authenticated: false });
  });

  it('verifies links of a retired key after rotation, given HISTORY_KEYS_OLD', async () => {
    const caseId = await newCase();
    // The service after a rotation: HISTORY_KEY new, the test key moved to HISTORY_KEYS_OLD.
    const rotated = new HistoryJournal(new HistoryKeyring(randomBytes(32), [Buffer.from(TEST_HISTORY_KEY, 'hex')]));
    const manager = t.app.get(DataSource).manager;
    const { version } = (await t.app.get(CaseStore).findById(manager, caseId))!;
    await new CaseStore(rotated).advance(manager, { caseId, expectedVersion: version }, {
      event: 'NOTE',
      fromState: 'self_assessment',
      toState: 'self_assessment',
      actorId: world.units[0]!.admin.id,
      onBehalfOfId: null,
      comment: 'after the rotation',
      details: { rotated: true },
      contentVersion: 1,
      at: testNow(),
    });

    expect((await rotated.check(manager, caseId))[0]).toMatchObject({ firstBroken: null, records: version + 1, authenticated: true });
    // A verifier that holds only the old key cannot vouch for the new link.
    expect(await verify(caseId)).toMatchObject({ valid: false, firstBroken: { seq: version + 1, reason: 'key' } });
  });
});
