import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { journalWriteCtes, type CaseHead } from '../journal';
import type { Role } from '@jixiao/workflow';
import { CASE_RECORD_TIMESTAMPS, reopenSectionsSql, type CaseRecord } from './case.store';
import { DUE_FACTS_COLUMNS, DUE_ITEMS_SHARED_LOCK_SQL, dueApplyCtes, dueFactsOf, groupInNoticeOrder, type CaseDueFacts, type GroupMemberRow } from './due-item.store';
import { bureauOfficersSql, notificationsInsertSql, type NotificationCaseFacts } from './notification.store';
import { queryRows } from './rows';
import { REPORT_CONTENT_JOIN, reportContentColumns, reportContentOf, type ReportContent } from './report-content.store';
import { sealedFromRenderingCtes, type RenderedSealedVersion } from './sealed-version.store';
import { LIVE_SESSION_COLUMNS, LIVE_SESSION_TIMESTAMPS, liveSessionCtes, liveSessionOf, type SessionLookup, type SessionQuery } from './session.store';

/** An Idempotency-Key already used by the person, with the answer it was given. */
export interface StoredIdempotencyKey {
  scope: string;
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** Everything deciding and writing a lifecycle event needs of its case, read in one statement. */
export interface LifecycleRead {
  record: CaseRecord;
  /** Where the history stands: the next record links from here. */
  head: CaseHead;
  /** The due facts' revision the write must still find (see `DueItemStore.lockCases`). */
  factsRevision: string;
  /** The case's due facts as they stand before the event. */
  due: CaseDueFacts;
  /** What notices are addressed by that the due facts do not carry. */
  notices: Pick<NotificationCaseFacts, 'group' | 'financeOfficerIds' | 'unitName' | 'fiscalYear'>;
  /** The person's Idempotency-Key, when one was given and was used before. */
  idempotencyKey: StoredIdempotencyKey | null;
  /** The report's content in force, when asked for (the events decided on the report). */
  content: ReportContent | null;
}

/** The writes of one accepted lifecycle event, made by one statement or not at all. */
export interface LifecycleWrite {
  caseId: string;
  /** `HistoryJournal.prepare`'s rows: the version-checked move of the case and its history record. */
  journal: { updates: string; records: string };
  /** RETURN naming sections: the codes to reopen. */
  reopenSections: readonly string[];
  /** SEAL: the sealed version, its documents copied from the stored rendering. */
  sealedVersion: RenderedSealedVersion | null;
  /** The case's open due items after the event (`dueItemsJson`), or null when they do not change. */
  dueItems: string | null;
  /** The notices (`notificationsJson`), or null for none. */
  notices: string | null;
  /** With an Idempotency-Key: the key and the answer stored with the event. */
  idempotencyKey: { userId: string; key: string; scope: string; requestHash: string; statusCode: number; response: unknown } | null;
}

/** What became of a write: it landed, or the case was no longer as read (its version, or its due facts, moved on). */
export type LifecycleWriteOutcome = { written: true } | { written: false; version: number | null };

const MOVED = 'EXISTS (SELECT 1 FROM moved)';

/**
 * The lifecycle read's columns, for the person `userId` and the Idempotency-Key `key` (SQL
 * expressions): the due facts, which hold everything the case's record and the notices are made of
 * (see `readOf`), and the little they lack. Each of the case's tables is read once.
 */
function readColumns(userId: string, key: string, withContent: boolean): string {
  return `${DUE_FACTS_COLUMNS},${withContent ? ` ${reportContentColumns('e.content_version')},` : ''}
              c.fiscal_year, e.version, e.updated_at, e.history_hash AS head, e.facts_revision::text AS facts_revision,
              ${bureauOfficersSql(true)} AS bureau_officer_ids,
              (SELECT json_build_object('scope', k.scope, 'requestHash', k.request_hash, 'statusCode', k.status_code, 'response', k.response)
                 FROM idempotency_keys k WHERE k.user_id = ${userId} AND k.key = ${key}) AS idempotency`;
}

/** The timestamp columns of the session and the case record, which `readAs` reads through JSON. */
const TIMESTAMP_COLUMNS = [...LIVE_SESSION_TIMESTAMPS, ...CASE_RECORD_TIMESTAMPS];

function readFrom(withContent: boolean): string {
  return `evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id JOIN organisations o ON o.id = e.unit_id${withContent ? ` ${REPORT_CONTENT_JOIN}` : ''}`;
}

/**
 * A row of `readColumns` as what the event is decided on, for the person `userId`. The case's
 * record is made from the due facts as `caseRecordColumns` would read it: the same sources, the
 * same orders (the integration spec compares the two).
 */
function readOf(row: Record<string, unknown>, userId: string, withContent: boolean): LifecycleRead {
  const due = dueFactsOf(row);
  const members = row.members as GroupMemberRow[];
  const record: CaseRecord = {
    id: due.caseId,
    campaignId: due.campaignId,
    documentNumber: due.documentNumber,
    fiscalYear: row.fiscal_year as number,
    unitId: due.unitId,
    unitName: due.unitName,
    state: due.state,
    version: row.version as number,
    submissionDeadline: due.submissionDeadline,
    updatedAt: row.updated_at as Date,
    snapshot: due.snapshot,
    machineVersion: due.machineVersion,
    bureauId: due.bureauId,
    approvalMode: due.approvalMode,
    caseRoles: due.group
      .filter((m) => m.userId === userId)
      .map((m) => m.role as Role)
      .sort(),
    leaderIds: due.leaderIds,
    deputyLeaderIds: due.deputyLeaderIds,
    extraApproverIds: due.extraApproverIds,
    extraApprovers: due.extraApprovers,
    sections: {
      total: due.sections.length,
      assignedWithDueDate: due.sections.filter((x) => x.assigneeId !== null && x.dueDate !== null).length,
      approved: due.sections.filter((x) => x.state === 'approved').length,
    },
    officerBound: due.officerIds.includes(userId),
  };
  return {
    record,
    head: { caseId: record.id, version: record.version, state: record.state, contentVersion: due.contentVersion, head: row.head as string },
    factsRevision: row.facts_revision as string,
    due,
    notices: {
      group: groupInNoticeOrder(members),
      financeOfficerIds: due.officerIds.length > 0 ? due.officerIds : (row.bureau_officer_ids as string[]),
      unitName: record.unitName,
      fiscalYear: record.fiscalYear,
    },
    idempotencyKey: (row.idempotency as StoredIdempotencyKey | null) ?? null,
    content: withContent ? reportContentOf(row) : null,
  };
}

/**
 * The lifecycle event's two statements (beside the session's): one read of everything the event
 * is decided on and written with, without a lock, and one write that lands only if the case is
 * still at the version read, with its due facts at the revision read. Between them nothing is
 * held, so a slow client or a slow decision never keeps a row locked; a write that finds the case
 * moved writes nothing and the caller reads again or answers 409.
 *
 * The write takes the shared side of the reminder sweep's lock before it moves the case; a sweep
 * that enqueued mails for the case after the read moved its facts revision, so those mails are
 * seen (and cancelled if the event closes their task) by the next read.
 */
@Injectable()
export class LifecycleStore {
  /** `withContent`: also the report's content in force (REQUEST_REVIEW's gate and SEAL's rendering are decided on it). */
  async read(tx: Tx, caseId: string, userId: string, idempotencyKey: string | null, withContent = false): Promise<LifecycleRead | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${readColumns('$2', '$3', withContent)} FROM ${readFrom(withContent)} WHERE e.id = $1`,
      [caseId, userId, idempotencyKey],
      withContent ? 'lifecycle.read.v5.content' : 'lifecycle.read.v5',
    );
    return rows[0] ? readOf(rows[0], userId, withContent) : null;
  }

  /**
   * `read` for the person an access token names, with the session looked up (and its activity
   * recorded, as `SessionStore.findLive` does) in the same statement: the event's first round trip
   * is both. `session` is null when the token names no session; `read` is null when there is no
   * such case (or no session). The caller admits the session before it looks at the case.
   */
  async readAs(
    tx: Tx,
    caseId: string,
    session: SessionQuery,
    idempotencyKey: string | null,
    withContent = false,
  ): Promise<{ session: SessionLookup | null; read: LifecycleRead | null }> {
    // One column, the row as JSON: parsed once, instead of some seventy columns each by its own parser.
    const rows = await queryRows<{ r: Record<string, unknown> }>(
      tx,
      `WITH ${liveSessionCtes({ accessTokenHash: '$2', now: '$3', idleCutoff: '$4', touchCutoff: '$5' })}
       SELECT row_to_json(x) AS r FROM (
         SELECT ${LIVE_SESSION_COLUMNS}, r.*
           FROM found
           LEFT JOIN LATERAL (
                SELECT true AS case_found, ${readColumns('found.user_id', '$6', withContent)}
                  FROM ${readFrom(withContent)} WHERE e.id = $1) r ON true) x`,
      [caseId, session.accessTokenHash, session.now, session.idleCutoff, session.touchCutoff, idempotencyKey],
      withContent ? 'lifecycle.read-as.v3.content' : 'lifecycle.read-as.v3',
    );
    const row = rows[0]?.r;
    if (!row) return { session: null, read: null };
    // JSON carries timestamps as text: the columns read as dates become dates again.
    for (const key of TIMESTAMP_COLUMNS) if (typeof row[key] === 'string') row[key] = new Date(row[key] as string);
    const found = liveSessionOf(row);
    return { session: found, read: row.case_found === true ? readOf(row, found.principal.userId, withContent) : null };
  }

  /**
   * All the event's writes in one statement (its own transaction): the case's version-checked move
   * and history record first, every other write only if that one landed. A concurrent request
   * with the same Idempotency-Key that landed first makes this one fail on the key's unique index
   * (23505), with nothing written.
   */
  async write(tx: Tx, write: LifecycleWrite): Promise<LifecycleWriteOutcome> {
    const values: unknown[] = [write.journal.updates, write.journal.records];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    // The sweep's lock first, then the case's row: locked and read as it stands now (a row lock reads
    // the latest version, where the statement's own snapshot may predate a writer it waited for).
    const caseId = param(write.caseId);
    // A SEAL lands only while the rendering it was decided on is stored (a rendering may be dropped
    // at any time: the event is then read, rendered and decided again).
    const rendering = write.sealedVersion === null ? null : { key: param(write.sealedVersion.renderingSha256), sha256: param(write.sealedVersion.sha256) };
    // A signed PDF lands only with the PDF it signed (the same condition as sealedFromRenderingCtes').
    const signedSm3 = write.sealedVersion?.signature ? ` AND r.pdf_sm3 = ${param(write.sealedVersion.signature.pdfSm3)}` : '';
    const stored = rendering === null ? '' : ` AND EXISTS (SELECT 1 FROM renderings r WHERE r.input_sha256 = ${rendering.key} AND r.docx_sha256 = ${rendering.sha256}${signedSm3})`;
    const ctes = [
      `locked AS (${DUE_ITEMS_SHARED_LOCK_SQL})`,
      `current AS (SELECT version FROM evaluation_cases WHERE id = ${caseId} AND EXISTS (SELECT 1 FROM locked) FOR NO KEY UPDATE)`,
      journalWriteCtes('$1', '$2', ` AND EXISTS (SELECT 1 FROM current)${stored}`),
    ];
    const variant: string[] = [];
    if (write.reopenSections.length > 0) {
      variant.push('r');
      ctes.push(`reopened AS (${reopenSectionsSql(caseId, param([...write.reopenSections]), MOVED)} RETURNING 1)`);
    }
    if (write.sealedVersion !== null && rendering !== null) {
      // The statement's text differs with an electronic seal (its columns and the SM3 guard): another prepared statement.
      variant.push(write.sealedVersion.signature ? 'S' : 's');
      const v = write.sealedVersion;
      ctes.push(
        sealedFromRenderingCtes(
          {
            caseId,
            contentVersion: param(v.contentVersion),
            snapshot: param(v.snapshotJson ?? JSON.stringify(v.snapshot)),
            sealedBy: param(v.sealedBy),
            renderingSha256: rendering.key,
            sha256: rendering.sha256,
            signature: v.signature ? { sealId: param(v.signature.sealId), pdfSm3: param(v.signature.pdfSm3), signature: param(v.signature.signature), verifyToken: param(v.signature.verifyToken) } : null,
          },
          MOVED,
        ),
      );
    }
    if (write.dueItems !== null) {
      variant.push('d');
      ctes.push(dueApplyCtes(`ARRAY[${caseId}::uuid]`, param(write.dueItems), MOVED));
    }
    if (write.notices !== null) {
      variant.push('n');
      ctes.push(`notified AS (${notificationsInsertSql(param(write.notices), MOVED)} RETURNING 1)`);
    }
    if (write.idempotencyKey !== null) {
      variant.push('k');
      const k = write.idempotencyKey;
      ctes.push(`keyed AS (
         INSERT INTO idempotency_keys (user_id, key, scope, request_hash, status_code, response)
         SELECT ${param(k.userId)}::uuid, ${param(k.key)}::text, ${param(k.scope)}::text, ${param(k.requestHash)}::text, ${param(k.statusCode)}::int, ${param(JSON.stringify(k.response))}::json
          WHERE ${MOVED}
         RETURNING 1)`);
    }
    const rows = await queryRows<{ moved: number; version: number | null }>(
      tx,
      `WITH ${ctes.join(', ')}
       SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT version FROM current) AS version`,
      values,
      `lifecycle.write.v1.${variant.join('')}`,
    );
    const row = rows[0]!;
    return row.moved === 1 ? { written: true } : { written: false, version: row.version };
  }
}
