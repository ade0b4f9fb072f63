import { Injectable } from '@nestjs/common';
import type { Tx } from './data-source';
import { HistoryKeyring, historyLink, sameLink, ZERO_HASH, type HistoryContent, type HistoryKey } from './history-link';
import { queryRows } from './stores/rows';

/**
 * What a history record says happened. The journal numbers it and links it; where the case stood
 * (the states before and after, the content version) it reads from the case under its lock unless
 * the caller gives them.
 */
export interface JournalEntry {
  event: string;
  actorId: string | null;
  /** The person the actor stood in for under a delegation; null when acting in their own right. */
  onBehalfOfId: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  /** When the step was taken, by the service's clock (never the database server's: it cannot be pinned); created_at and the link both use it. */
  at: Date;
  /** By default the case's state before the record (null for its first record). */
  fromState?: string | null;
  /** By default the state `change` moves the case to, or where it stands. */
  toState?: string;
  /** By default the case's content version before the record. */
  contentVersion?: number;
  /** Append only while the case is at this version; otherwise nothing is written and the answer is null. */
  expectedVersion?: number | null;
  /** For an event that moves the case on: what it moves to. A record-only entry (an urge, an extension) leaves it out. */
  change?: CaseChange;
}

/** The lifecycle columns of a case an event rewrites, in the statement that records it. */
export interface CaseChange {
  state: string;
  snapshot: unknown;
  machineVersion: number;
  contentVersion: number;
  /** What the bureau's tracking view keeps of this move, if anything. */
  milestone: Milestone | null;
}

/**
 * Moves the tracking columns follow: a submission sets the submitted time and lateness; a return by
 * the finance bureau counts, keeps its reason (the record's comment) and clears the submission,
 * which must be made again; a publication sets the published time. All at the record's time.
 */
export type Milestone = { kind: 'submitted'; late: boolean } | { kind: 'returned_by_bureau' } | { kind: 'withdrawn' } | { kind: 'published' };

/** A record the caller has decided on in full: the shape of `CaseStore.advance`. */
export interface HistoryEntry extends JournalEntry {
  fromState: string | null;
  toState: string;
  contentVersion: number;
}

/** One entry of `appendMany`: a journal entry and its case. */
export interface CaseJournalEntry extends JournalEntry {
  caseId: string;
}

/** Where an appended record left its case: its version is the record's seq. */
export interface Appended {
  caseId: string;
  version: number;
  updatedAt: Date;
}

/** An instant as PostgreSQL renders a timestamptz for the links (`UTC_TIME_SQL`): UTC with microseconds. */
export function utcTime(at: Date): string {
  return at.toISOString().replace(/Z$/, '000Z');
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
 * Locks the cases in a fixed order, as every writer of several cases does, and reads where each
 * stands: the lock is the one the append's UPDATE takes anyway, so a second writer to the case
 * waits here and then reads the head the first one left.
 */
export const JOURNAL_LOCK_SQL = `SELECT id, version, state, content_version, history_hash AS head
   FROM evaluation_cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`;

/**
 * The CTEs `u` (where each case moves), `moved` (the version-checked UPDATE of the cases, with
 * their lifecycle columns and milestones) and `recorded` (the history records, only for cases that
 * moved), with the two JSON parameters named. `guard` adds a condition to the UPDATE (e.g. that a
 * lock CTE ran first). A row of `u` with a `facts_revision` moves its case only while the case's due
 * facts are at that revision (see `DueItemStore.lockCases`).
 */
export function journalWriteCtes(updates: string, records: string, guard = ''): string {
  return `u AS (
     SELECT * FROM jsonb_to_recordset(${updates}::jsonb) AS u(id uuid, from_version int, facts_revision bigint, version int, prev_hash text, head text, updated_at timestamptz,
                                                      state text, snapshot jsonb, machine_version int, content_version int,
                                                      set_submission boolean, submitted_at timestamptz, submitted_late boolean,
                                                      returns_added int, last_return_reason text, last_returned_at timestamptz, published_at timestamptz)
   ), moved AS (
     UPDATE evaluation_cases e
        SET version = u.version, updated_at = u.updated_at, history_prev_hash = u.prev_hash, history_hash = u.head,
            state = coalesce(u.state, e.state), snapshot = coalesce(u.snapshot, e.snapshot),
            machine_version = coalesce(u.machine_version, e.machine_version), content_version = coalesce(u.content_version, e.content_version),
            submitted_at = CASE WHEN u.set_submission THEN u.submitted_at ELSE e.submitted_at END,
            submitted_late = CASE WHEN u.set_submission THEN u.submitted_late ELSE e.submitted_late END,
            return_count = e.return_count + u.returns_added,
            last_return_reason = CASE WHEN u.returns_added > 0 THEN u.last_return_reason ELSE e.last_return_reason END,
            last_returned_at = CASE WHEN u.returns_added > 0 THEN u.last_returned_at ELSE e.last_returned_at END,
            published_at = coalesce(u.published_at, e.published_at)
       FROM u
      WHERE e.id = u.id AND e.version = u.from_version AND (u.facts_revision IS NULL OR e.facts_revision = u.facts_revision)${guard}
      RETURNING e.id
   ), recorded AS (
     INSERT INTO case_history (case_id, seq, event, from_state, to_state, actor_id, on_behalf_of_id, comment, details, content_version, created_at, prev_hash, hash, key_id)
     SELECT r.case_id, r.seq, r.event, r.from_state, r.to_state, r.actor_id, r.on_behalf_of_id, r.comment, r.details, r.content_version, r.created_at, r.prev_hash, r.hash, r.key_id
       FROM jsonb_to_recordset(${records}::jsonb) AS r(case_id uuid, seq int, event text, from_state text, to_state text, actor_id uuid, on_behalf_of_id uuid,
                                               comment text, details jsonb, content_version int, created_at timestamptz, prev_hash text, hash text, key_id text)
      WHERE r.case_id IN (SELECT id FROM moved)
      RETURNING 1
   )`;
}

/**
 * Moves each case to its last record (version, head, and the lifecycle columns and milestones of
 * its moves) and writes the records, in one statement. The version guard holds under the lock;
 * it is there so that a writer that skipped the lock writes nothing.
 */
export const JOURNAL_WRITE_SQL = `WITH ${journalWriteCtes('$1', '$2')}
   SELECT (SELECT count(*) FROM moved)::int AS cases, (SELECT count(*) FROM recorded)::int AS records`;

/** Where a case stands for its next record, as a read of it found it. */
export interface CaseHead {
  caseId: string;
  version: number;
  state: string;
  contentVersion: number;
  /** The link of its last record. */
  head: string;
}

interface CaseAt {
  fromVersion: number;
  version: number;
  state: string;
  contentVersion: number;
  head: string;
}

/** One case's row of the write: where its last record leaves it. */
interface CaseUpdate {
  id: string;
  from_version: number;
  version: number;
  prev_hash: string;
  head: string;
  updated_at: string;
  state?: string;
  snapshot?: unknown;
  machine_version?: number;
  content_version?: number;
  set_submission: boolean;
  submitted_at: string | null;
  submitted_late: boolean | null;
  returns_added: number;
  last_return_reason: string | null;
  last_returned_at: string | null;
  published_at: string | null;
}

/**
 * The one writer of case history. Each record's link is HMAC-SHA256 under HISTORY_KEY over the
 * previous link and the record's canonical form, computed here in the Node process; the key never
 * reaches PostgreSQL. Records from before the keyed chain keep their unkeyed SHA-256 links
 * (`key_id` null), checked with the SQL function that wrote them; a case's first keyed record
 * chains from the last of them.
 *
 * Every record moves its case's version on by one and is numbered with the new version, so a
 * case's version is the number of its records. The link needs the head before it is computed, and
 * it is computed here, not in SQL: so an append is two statements, the lock that reads the head
 * (`JOURNAL_LOCK_SQL`) and the one write (`JOURNAL_WRITE_SQL`), and nothing is carried between
 * calls.
 */
@Injectable()
export class HistoryJournal {
  constructor(private readonly keyring: HistoryKeyring) {}

  /** Appends one record to a case; null when the case is not at `entry.expectedVersion` (or does not exist). */
  async append(tx: Tx, caseId: string, entry: JournalEntry): Promise<Appended | null> {
    const [appended] = await this.appendMany(tx, [{ ...entry, caseId }]);
    return appended ?? null;
  }

  /**
   * Appends records to any number of cases (several to one case chain in the order given), in two
   * statements whatever their number. Answers, in the order of `entries`, where each left its case,
   * or null for an entry whose case was not at its expected version (or does not exist).
   */
  async appendMany(tx: Tx, entries: readonly CaseJournalEntry[]): Promise<Array<Appended | null>> {
    if (entries.length === 0) return [];
    const key = this.keyring.current;
    if (key === null) throw new Error('HISTORY_KEY is not set: the case history cannot be written without it.');
    const work = async (inner: Tx): Promise<Array<Appended | null>> => {
      const ids = [...new Set(entries.map((entry) => entry.caseId))];
      const locked = await queryRows<{ id: string; version: number; state: string; content_version: number; head: string }>(inner, JOURNAL_LOCK_SQL, [ids], 'journal.lock.v1');
      const cases = new Map<string, CaseAt>(
        locked.map((row) => [row.id, { fromVersion: row.version, version: row.version, state: row.state, contentVersion: row.content_version, head: row.head }]),
      );
      const { answers, updates, records } = this.plan(key, cases, entries);
      if (records.length === 0) return answers;
      const [written] = await queryRows<{ cases: number; records: number }>(
        inner,
        JOURNAL_WRITE_SQL,
        [JSON.stringify(updates), JSON.stringify(records)],
        'journal.write.v1',
      );
      // Under the lock nobody can move these cases; a shortfall is a writer that went around the journal.
      if (written!.cases !== updates.length || written!.records !== records.length) {
        throw new Error(`The journal wrote ${written!.records} of ${records.length} history records: a case moved under its lock.`);
      }
      return answers;
    };
    return tx.queryRunner?.isTransactionActive ? work(tx) : tx.transaction(work);
  }

  /**
   * One record for a case whose head was read by the caller (the lifecycle read): the rows of the
   * write (`journalWriteCtes`' two parameters, as JSON) and where the record leaves the case. The
   * write moves the case only if it is still at `head.version` (and its due facts at
   * `factsRevision`), so nothing read here can be stale once it lands.
   */
  prepare(head: CaseHead, entry: CaseJournalEntry, factsRevision: string | null): { appended: Appended; updates: string; records: string } {
    const key = this.keyring.current;
    if (key === null) throw new Error('HISTORY_KEY is not set: the case history cannot be written without it.');
    const cases = new Map<string, CaseAt>([[head.caseId, { fromVersion: head.version, version: head.version, state: head.state, contentVersion: head.contentVersion, head: head.head }]]);
    const { answers, updates, records } = this.plan(key, cases, [{ ...entry, caseId: head.caseId, expectedVersion: head.version }]);
    return {
      appended: answers[0]!,
      updates: JSON.stringify(updates.map((update) => ({ ...update, facts_revision: factsRevision }))),
      records: JSON.stringify(records),
    };
  }

  /** Where each entry leaves its case, from where the cases stand (`cases` moves on as it goes): the answers and the rows of the write. */
  private plan(key: HistoryKey, cases: Map<string, CaseAt>, entries: readonly CaseJournalEntry[]): { answers: Array<Appended | null>; updates: CaseUpdate[]; records: Array<Record<string, unknown>> } {
    const updates = new Map<string, CaseUpdate>();
    const records: Array<Record<string, unknown>> = [];
    const answers = entries.map((entry): Appended | null => {
      const at = cases.get(entry.caseId);
      if (at === undefined || (entry.expectedVersion != null && entry.expectedVersion !== at.version)) return null;
      const seq = at.version + 1;
      const createdAt = utcTime(entry.at);
      const change = entry.change;
      const content: HistoryContent = {
        caseId: entry.caseId,
        seq,
        event: entry.event,
        fromState: entry.fromState !== undefined ? entry.fromState : at.version === 0 ? null : at.state,
        toState: entry.toState ?? change?.state ?? at.state,
        actorId: entry.actorId,
        onBehalfOfId: entry.onBehalfOfId,
        comment: entry.comment,
        details: entry.details,
        contentVersion: entry.contentVersion ?? at.contentVersion,
        createdAt,
      };
      const hash = historyLink(key, at.head, content);
      records.push({
        case_id: content.caseId,
        seq,
        event: content.event,
        from_state: content.fromState,
        to_state: content.toState,
        actor_id: content.actorId,
        on_behalf_of_id: content.onBehalfOfId,
        comment: content.comment,
        details: content.details,
        content_version: content.contentVersion,
        created_at: createdAt,
        prev_hash: at.head,
        hash,
        key_id: key.id,
      });
      const update = updates.get(entry.caseId) ?? {
        id: entry.caseId,
        from_version: at.fromVersion,
        version: seq,
        prev_hash: at.head,
        head: hash,
        updated_at: createdAt,
        set_submission: false,
        submitted_at: null,
        submitted_late: null,
        returns_added: 0,
        last_return_reason: null,
        last_returned_at: null,
        published_at: null,
      };
      Object.assign(update, { version: seq, prev_hash: at.head, head: hash, updated_at: createdAt });
      if (change !== undefined) {
        Object.assign(update, { state: change.state, snapshot: change.snapshot, machine_version: change.machineVersion, content_version: change.contentVersion });
        if (change.milestone !== null) mark(update, change.milestone, createdAt, entry.comment);
        at.state = change.state;
        at.contentVersion = change.contentVersion;
      }
      updates.set(entry.caseId, update);
      at.version = seq;
      at.head = hash;
      return { caseId: entry.caseId, version: seq, updatedAt: entry.at };
    });
    return { answers, updates: [...updates.values()], records };
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

function mark(update: CaseUpdate, milestone: Milestone, at: string, comment: string | null): void {
  switch (milestone.kind) {
    case 'submitted':
      Object.assign(update, { set_submission: true, submitted_at: at, submitted_late: milestone.late });
      return;
    case 'returned_by_bureau':
      Object.assign(update, { set_submission: true, submitted_at: null, submitted_late: null, last_return_reason: comment, last_returned_at: at });
      update.returns_added += 1;
      return;
    case 'withdrawn':
      // The submitter took the report back before the bureau acted: not submitted, and no return.
      Object.assign(update, { set_submission: true, submitted_at: null, submitted_late: null });
      return;
    case 'published':
      update.published_at = at;
      return;
  }
}
