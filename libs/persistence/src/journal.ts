import { Injectable } from '@nestjs/common';
import type { Tx } from './data-source';
import { HistoryKeyring, historyLink, sameLink, ZERO_HASH, type HistoryContent } from './history-link';
import { queryRows } from './stores/rows';

export interface HistoryEntry {
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  /** The person the actor stood in for under a delegation; null when acting in their own right. */
  onBehalfOfId: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  contentVersion: number;
  /** When the step was taken, by the service's clock (never the database server's: it cannot be pinned); created_at and the link both use it. */
  at: Date;
}

/** An instant as PostgreSQL renders a timestamptz for the links (`UTC_TIME_SQL`): UTC with microseconds. */
export function utcTime(at: Date): string {
  return at.toISOString().replace(/Z$/, '000Z');
}

/**
 * A record about to be written: the writer has already locked its case and moved the version on,
 * so `seq` is the new version and `prevHash` the case's head as it stood under the lock.
 */
export interface PendingRecord {
  caseId: string;
  seq: number;
  prevHash: string;
  entry: HistoryEntry;
}

/**
 * Why a record breaks the chain: `seq` a gap in the numbering (a record is missing before it),
 * `prev_hash` it does not chain from the record before it (removed or reordered records), `hash`
 * its content is not what its link covers (edited, or the link recomputed without the key), `key`
 * its link names no key the verifier holds, or has none where one is required (written without the
 * key), `head` the case's chain head is not the last record's link (the last records were removed;
 * `seq` then names the first one missing).
 */
export type HistoryBreak = 'seq' | 'prev_hash' | 'hash' | 'key' | 'head';

/** How the recomputed chain of one case stands; `firstBroken` is null when every record checks out. */
export interface HistoryChainCheck {
  caseId: string;
  records: number;
  firstBroken: { seq: number; reason: HistoryBreak } | null;
  /**
   * Whether every record's link was checked with a key: false when the verifier holds no key, or
   * when the case has records from before the keyed chain (checked unkeyed only).
   */
  authenticated: boolean;
}

/** How PostgreSQL renders a timestamptz for the links: UTC with microseconds, as stored. */
export const UTC_TIME_SQL = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Cases whose chains are checked per statement by `check(null)`. */
const CHECK_BATCH = 500;

/**
 * The one writer of case history. Each record's link is HMAC-SHA256 under HISTORY_KEY over the
 * previous link and the record's canonical form, computed here in the Node process; the key never
 * reaches PostgreSQL. Records from before the keyed chain keep their unkeyed SHA-256 links
 * (`key_id` null), checked with the SQL function that wrote them; a case's first keyed record
 * chains from the last of them.
 */
/** A case as a transaction last saw it: its version and its chain's head. */
export interface SeenHead {
  version: number;
  head: string;
}

@Injectable()
export class HistoryJournal {
  /** Per transaction (its query runner), the heads it read or wrote, so `append` can link before it writes. */
  private readonly seen = new WeakMap<object, Map<string, SeenHead>>();

  constructor(private readonly keyring: HistoryKeyring) {}

  /**
   * Notes a case's version and head as read in this transaction (`CaseStore.loadRecord` does, in
   * the statement it runs anyway), so the next `append` to it can take one statement instead of two.
   */
  remember(tx: Tx, caseId: string, seen: SeenHead): void {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) return;
    let heads = this.seen.get(runner);
    if (heads === undefined) this.seen.set(runner, (heads = new Map()));
    heads.set(caseId, seen);
  }

  private recall(tx: Tx, caseId: string): SeenHead | null {
    const runner = tx.queryRunner;
    return runner?.isTransactionActive ? (this.seen.get(runner)?.get(caseId) ?? null) : null;
  }

  /**
   * Moves one case on and appends its record, numbered with the new version. Answers null when the
   * case is no longer at `expectedVersion`.
   *
   * When this transaction has read the case (`remember`), the link is computed from that head and
   * one statement moves the case and writes the record, only if the case is still at that version
   * and head (a compare-and-set). Otherwise,
   * or when someone moved the case meanwhile, two statements: the first bumps the version (only
   * from `expectedVersion` when given) and so locks the case row, where a second writer waits and
   * then reads the head this transaction leaves; the second writes the record and the new head.
   */
  async append(
    tx: Tx,
    input: { caseId: string; expectedVersion: number | null; change?: { state: string; snapshot: unknown; machineVersion: number } },
    entry: HistoryEntry,
  ): Promise<{ version: number; updatedAt: Date } | null> {
    const work = async (inner: Tx) => {
      const change = input.change;
      const seen = this.recall(inner, input.caseId);
      if (seen !== null && (input.expectedVersion === null || input.expectedVersion === seen.version)) {
        const linked = await this.appendSeen(inner, input, seen, entry);
        if (linked !== null) return linked;
      }
      const moved = await queryRows<{ version: number; updated_at: Date; head: string }>(
        inner,
        `UPDATE evaluation_cases
            SET version = version + 1, updated_at = $6::timestamptz,
                state = coalesce($3, state), snapshot = coalesce($4::jsonb, snapshot), machine_version = coalesce($5, machine_version)
          WHERE id = $1 AND ($2::int IS NULL OR version = $2::int)
          RETURNING version, updated_at, history_hash AS head`,
        [input.caseId, input.expectedVersion, change?.state ?? null, change ? JSON.stringify(change.snapshot) : null, change?.machineVersion ?? null, entry.at],
        'journal.move.v2',
      );
      const row = moved[0];
      if (!row) return null;
      await this.appendMany(inner, [{ caseId: input.caseId, seq: row.version, prevHash: row.head, entry }]);
      return { version: row.version, updatedAt: row.updated_at };
    };
    return tx.queryRunner?.isTransactionActive ? work(tx) : tx.transaction(work);
  }

  /**
   * Writes records whose cases the caller has locked and moved on (one record per case), and moves
   * each case's head to its record's link, in one statement.
   */
  async appendMany(tx: Tx, records: readonly PendingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const key = this.keyring.current;
    if (key === null) throw new Error('HISTORY_KEY is not set: the case history cannot be written without it.');
    if (new Set(records.map((record) => record.caseId)).size !== records.length) throw new Error('appendMany takes one record per case.');
    const rows = records.map(({ caseId, seq, prevHash, entry }) => {
      const createdAt = utcTime(entry.at);
      const content: HistoryContent = { caseId, seq, createdAt, ...entry };
      return {
        case_id: caseId,
        seq,
        event: entry.event,
        from_state: entry.fromState,
        to_state: entry.toState,
        actor_id: entry.actorId,
        on_behalf_of_id: entry.onBehalfOfId,
        comment: entry.comment,
        details: entry.details,
        content_version: entry.contentVersion,
        created_at: createdAt,
        prev_hash: prevHash,
        hash: historyLink(key, prevHash, content),
        key_id: key.id,
      };
    });
    await queryRows(
      tx,
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, seq int, event text, from_state text, to_state text, actor_id uuid, on_behalf_of_id uuid,
                                                        comment text, details jsonb, content_version int, created_at timestamptz, prev_hash text, hash text, key_id text)
       ), recorded AS (
         INSERT INTO case_history (case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at, prev_hash, hash, key_id)
         SELECT case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at, prev_hash, hash, key_id FROM r
       )
       UPDATE evaluation_cases e SET history_prev_hash = r.prev_hash, history_hash = r.hash FROM r WHERE e.id = r.case_id`,
      [JSON.stringify(rows)],
      'journal.append.v1',
    );
    for (const row of rows) this.remember(tx, row.case_id, { version: row.seq, head: row.hash });
  }

  /** The one-statement append from a head this transaction read; null when the case has moved since. */
  private async appendSeen(
    tx: Tx,
    input: { caseId: string; change?: { state: string; snapshot: unknown; machineVersion: number } },
    seen: SeenHead,
    entry: HistoryEntry,
  ): Promise<{ version: number; updatedAt: Date } | null> {
    const key = this.keyring.current;
    if (key === null) throw new Error('HISTORY_KEY is not set: the case history cannot be written without it.');
    const seq = seen.version + 1;
    const hash = historyLink(key, seen.head, { caseId: input.caseId, seq, createdAt: utcTime(entry.at), ...entry });
    const change = input.change;
    const moved = await queryRows<{ version: number; updated_at: Date }>(
      tx,
      `WITH moved AS (
         UPDATE evaluation_cases
            SET version = version + 1, updated_at = $8::timestamptz,
                state = coalesce($3, state), snapshot = coalesce($4::jsonb, snapshot), machine_version = coalesce($5, machine_version),
                history_prev_hash = history_hash, history_hash = $6
          WHERE id = $1 AND version = $2 AND history_hash = $7
          RETURNING id, version, updated_at
       ), recorded AS (
         INSERT INTO case_history (case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at, prev_hash, hash, key_id)
         SELECT moved.id, moved.version, $9, $10, $11, $12, $13, $14, $15::jsonb, $16, $8::timestamptz, $7, $6, $17 FROM moved
       )
       SELECT version, updated_at FROM moved`,
      [
        input.caseId,
        seen.version,
        change?.state ?? null,
        change ? JSON.stringify(change.snapshot) : null,
        change?.machineVersion ?? null,
        hash,
        seen.head,
        entry.at,
        entry.event,
        entry.fromState,
        entry.toState,
        entry.actorId,
        entry.onBehalfOfId,
        entry.comment,
        JSON.stringify(entry.details),
        entry.contentVersion,
        key.id,
      ],
      'journal.append-seen.v2',
    );
    const row = moved[0];
    if (!row) return null;
    this.remember(tx, input.caseId, { version: seq, head: hash });
    return { version: row.version, updatedAt: row.updated_at };
  }

  /**
   * Recomputes the chain of one case (or of every case, with null, a batch of cases per statement;
   * each case's records and head come from one snapshot). Each record in order: its seq follows
   * the previous one, its prev_hash is the previous link, and its link is that of its content,
   * keyed with the key it names (or, before the keyed chain, unkeyed); then the head is the last link.
   */
  async check(tx: Tx, caseId: string | null): Promise<HistoryChainCheck[]> {
    const results: HistoryChainCheck[] = [];
    let after: string | null = null;
    for (;;) {
      const rows: RecordRow[] = await queryRows<RecordRow>(
        tx,
        `WITH cases AS (
           SELECT id, history_hash FROM evaluation_cases
            WHERE ($1::uuid IS NULL OR id = $1::uuid) AND ($2::uuid IS NULL OR id > $2::uuid)
            ORDER BY id LIMIT $3
         )
         SELECT c.id AS case_id, c.history_hash AS head, h.seq, h.prev_hash, h.hash, h.key_id, h.event, h.from_state, h.to_state, h.actor_id,
                h.on_behalf_of_id, h.comment, h.details, h.content_version, ${UTC_TIME_SQL('h.created_at')} AS created_at,
                CASE WHEN h.key_id IS NULL THEN h.hash = jixiao_history_hash(h.prev_hash, h.case_id, h.seq, h.event, h.from_state, h.to_state, h.actor_id,
                                                                            h.on_behalf_of_id, h.comment, h.details, h.content_version, h.created_at) END AS legacy_ok
           FROM cases c LEFT JOIN case_history h ON h.case_id = c.id
          ORDER BY c.id, h.seq`,
        [caseId, after, CHECK_BATCH],
      );
      const byCase = new Map<string, { head: string; records: RecordRow[] }>();
      for (const row of rows) {
        let found = byCase.get(row.case_id);
        if (found === undefined) byCase.set(row.case_id, (found = { head: row.head, records: [] }));
        if (row.seq !== null) found.records.push(row);
      }
      for (const [id, { head, records }] of byCase) results.push(this.checkCase(id, head, records));
      if (caseId !== null || byCase.size < CHECK_BATCH) return results;
      after = [...byCase.keys()].at(-1)!;
    }
  }

  private checkCase(caseId: string, head: string, records: readonly RecordRow[]): HistoryChainCheck {
    let previous = ZERO_HASH;
    let keyed = false;
    let authenticated = !this.keyring.empty;
    const broken = (seq: number, reason: HistoryBreak): HistoryChainCheck => ({ caseId, records: records.length, firstBroken: { seq, reason }, authenticated });
    for (const [index, record] of records.entries()) {
      if (record.seq !== index + 1) return broken(record.seq!, 'seq');
      if (record.prev_hash !== previous) return broken(record.seq, 'prev_hash');
      if (record.key_id === null) {
        // Unkeyed links come only before the keyed chain began: one after a keyed link was forged.
        if (keyed) return broken(record.seq, 'key');
        if (record.legacy_ok !== true) return broken(record.seq, 'hash');
        authenticated = false;
      } else {
        keyed = true;
        if (!this.keyring.empty) {
          const key = this.keyring.find(record.key_id);
          if (key === null) return broken(record.seq, 'key');
          const content: HistoryContent = {
            caseId,
            seq: record.seq,
            event: record.event!,
            fromState: record.from_state,
            toState: record.to_state!,
            actorId: record.actor_id,
            onBehalfOfId: record.on_behalf_of_id,
            comment: record.comment,
            details: record.details,
            contentVersion: record.content_version!,
            createdAt: record.created_at!,
          };
          if (!sameLink(historyLink(key, record.prev_hash, content), record.hash!)) return broken(record.seq, 'hash');
        }
      }
      previous = record.hash!;
    }
    if (head !== previous) return broken(records.length + 1, 'head');
    return { caseId, records: records.length, firstBroken: null, authenticated };
  }
}

interface RecordRow {
  case_id: string;
  head: string;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
  key_id: string | null;
  event: string | null;
  from_state: string | null;
  to_state: string | null;
  actor_id: string | null;
  on_behalf_of_id: string | null;
  comment: string | null;
  details: unknown;
  content_version: number | null;
  created_at: string | null;
  legacy_ok: boolean | null;
}
