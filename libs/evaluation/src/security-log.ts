import { Injectable, Logger } from '@nestjs/common';
import { SecurityEventStore, Transactor, type Tx } from '@jixiao/persistence';
import type { SecurityEventKind, SecurityOutcome } from '@jixiao/workflow';
import type { Page } from './campaign.service';
import { Clock } from './clock';
import { forbidden, unprocessable } from './errors';
import type { Principal } from './principal';
import { buildSecurityLogExport } from './security-log-export';
import type { ExportFormat } from './tracking/tracking-export';

export type { SecurityEventKind, SecurityOutcome } from '@jixiao/workflow';

/** Where a request came from and what it asked for, as the security log keeps it. */
export interface RequestOrigin {
  address: string | null;
  method: string;
  path: string;
  requestId?: string | null;
}

export interface SecurityEvent {
  kind: SecurityEventKind;
  outcome: SecurityOutcome;
  userId?: string | null;
  username?: string | null;
  origin: RequestOrigin;
  /** The error code answered, for refusals and failures. */
  code?: string;
  details?: Record<string, unknown>;
}

export interface SecuritySubject {
  userId: string;
  username: string;
}

export interface SecurityEventView {
  id: string;
  at: string;
  kind: SecurityEventKind;
  outcome: SecurityOutcome;
  userId: string | null;
  username: string | null;
  sourceAddress: string | null;
  details: Record<string, unknown>;
}

const MAX_PATH = 512;
/** One export covers at most a year, and at most this many events. */
export const SECURITY_LOG_EXPORT_MAX_DAYS = 366;
export const SECURITY_LOG_EXPORT_MAX_ROWS = 200_000;
const DAY_MS = 24 * 3600_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/**
 * The security log (等保 2.0 安全审计): sign-ins, sign-outs, refreshes, password changes and every
 * 401 and 403 the API answers. Use cases write their events in their own transaction; the HTTP
 * layer writes refusals through `recordRefusal`, which never fails.
 */
@Injectable()
export class SecurityLog {
  private readonly logger = new Logger('SecurityLog');
  /** Refusals a use case has logged already (the filter skips them) or whose person it knows. */
  private readonly notes = new WeakMap<object, SecuritySubject | 'recorded'>();

  constructor(
    private readonly transactor: Transactor,
    private readonly store: SecurityEventStore,
    private readonly clock: Clock,
  ) {}

  /** Writes one event inside the caller's transaction. */
  async record(tx: Tx, event: SecurityEvent): Promise<void> {
    const path = event.origin.path.split('?')[0]!.slice(0, MAX_PATH);
    await this.store.append(tx, {
      at: this.clock.now(),
      kind: event.kind,
      outcome: event.outcome,
      userId: event.userId ?? null,
      username: event.username ?? null,
      sourceAddress: event.origin.address,
      details: {
        method: event.origin.method,
        path,
        ...(event.code ? { code: event.code } : {}),
        ...(event.origin.requestId ? { requestId: event.origin.requestId } : {}),
        ...event.details,
      },
    });
  }

  /** Marks an error whose refusal the use case has written itself, so it is not written twice. */
  noteRecorded(error: object): void {
    this.notes.set(error, 'recorded');
  }

  /** Names the person a refusal concerns when the request carries no principal (an expired token). */
  noteSubject(error: object, subject: SecuritySubject): void {
    this.notes.set(error, subject);
  }

  /**
   * Writes a 401 or 403 answer to the log on its own. Never throws and never rejects: a log that
   * cannot be written is reported in the service's log, and the answer goes out unchanged.
   */
  async recordRefusal(
    error: unknown,
    refusal: { statusCode: number; code: string; origin: RequestOrigin; principal: Principal | null },
  ): Promise<void> {
    try {
      const note = typeof error === 'object' && error !== null ? this.notes.get(error) : undefined;
      if (note === 'recorded') return;
      const subject = refusal.principal ?? note ?? null;
      await this.record(this.transactor.manager, {
        kind: 'request_refused',
        outcome: 'refused',
        userId: subject?.userId ?? null,
        username: subject?.username ?? null,
        origin: refusal.origin,
        code: refusal.code,
        details: { statusCode: refusal.statusCode },
      });
    } catch (failure) {
      this.logger.error({ err: failure, requestId: refusal.origin.requestId }, 'Could not write a refusal to the security log');
    }
  }

  /**
   * The log of one's own organisation's people, newest first: unit admins see their unit's, finance
   * officers their bureau's.
   */
  async list(principal: Principal, page: { limit: number; offset: number }): Promise<Page<SecurityEventView>> {
    const allowed =
      (principal.organisationKind === 'unit' && principal.roles.includes('unit_admin')) ||
      (principal.organisationKind === 'finance_bureau' && principal.roles.includes('finance_officer'));
    if (!allowed) {
      throw forbidden('SECURITY_LOG.ROLE_NOT_ALLOWED', "Only a unit admin (for the unit's people) or a finance officer (for the bureau's people) may read the security log.");
    }
    const found = await this.store.listForOrganisation(this.transactor.manager, principal.organisationId, page.limit, page.offset);
    return {
      items: found.items.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        kind: row.kind as SecurityEventKind,
        outcome: row.outcome as SecurityOutcome,
        userId: row.userId,
        username: row.username,
        sourceAddress: row.sourceAddress,
        details: row.details,
      })),
      total: found.total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  /**
   * Every event from the start of `from` to the end of `to` (dates in Asia/Shanghai), oldest first,
   * as .xlsx or CSV, for an auditor: the system administrator only, over the whole installation.
   */
  async export(principal: Principal, range: { from: string; to: string }, format: ExportFormat): Promise<{ bytes: Buffer; fileName: string; contentType: string }> {
    if (!principal.roles.includes('system_admin')) {
      throw forbidden('SECURITY_LOG.EXPORT_ROLE_NOT_ALLOWED', 'Only the system administrator may export the security log.');
    }
    const from = new Date(Date.parse(`${range.from}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
    const to = new Date(Date.parse(`${range.to}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY_MS);
    const days = (to.getTime() - from.getTime()) / DAY_MS;
    if (!(days >= 1 && days <= SECURITY_LOG_EXPORT_MAX_DAYS)) {
      throw unprocessable('SECURITY_LOG.RANGE_INVALID', `from must not be after to, and a range covers at most ${SECURITY_LOG_EXPORT_MAX_DAYS} days.`, {
        maxDays: SECURITY_LOG_EXPORT_MAX_DAYS,
        fields: ['from', 'to'],
      });
    }
    const events = await this.store.listRange(this.transactor.manager, from, to, SECURITY_LOG_EXPORT_MAX_ROWS);
    if (events.length > SECURITY_LOG_EXPORT_MAX_ROWS) {
      throw unprocessable('SECURITY_LOG.EXPORT_TOO_LARGE', `The range holds more than ${SECURITY_LOG_EXPORT_MAX_ROWS} events: export it in parts.`, {
        maxRows: SECURITY_LOG_EXPORT_MAX_ROWS,
      });
    }
    return {
      bytes: await buildSecurityLogExport(events, format),
      fileName: `安全日志_${range.from}_${range.to}.${format}`,
      contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    };
  }
}
