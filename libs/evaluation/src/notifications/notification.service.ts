import { Injectable } from '@nestjs/common';
import { NotificationStore, Transactor, type NotificationRow } from '@jixiao/persistence';
import { isNotificationKind, type NotificationKind } from '@jixiao/workflow';
import { Clock } from '../clock';
import type { Principal } from '../principal';

/** One notice as its recipient sees it; `link` is the console page it opens. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  caseId: string | null;
  sectionCode: string | null;
  actorName: string | null;
  params: Record<string, string | number>;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
}

/** Where a notice takes its reader: the section it names, else the case, else (a delegation) the settings where delegations are kept. */
export function notificationLink(row: Pick<NotificationRow, 'caseId' | 'sectionCode'>): string {
  if (row.caseId && row.sectionCode) return `/cases/${row.caseId}/sections/${encodeURIComponent(row.sectionCode)}`;
  if (row.caseId) return `/cases/${row.caseId}`;
  return '/settings';
}

function view(row: NotificationRow): NotificationView {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(row.params)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  return {
    id: row.id,
    // A kind this build no longer knows reads as the general one of its case.
    kind: isNotificationKind(row.kind) ? row.kind : 'FORM_GROUP',
    caseId: row.caseId,
    sectionCode: row.sectionCode,
    actorName: row.actorName,
    params,
    link: notificationLink(row),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** The signed-in person's own notices: each person sees and marks only theirs. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly transactor: Transactor,
    private readonly notifications: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, query: { unread: boolean; limit: number; offset: number }): Promise<NotificationPage> {
    const page = await this.notifications.list(this.transactor.manager, principal.userId, { unreadOnly: query.unread, limit: query.limit, offset: query.offset });
    return { items: page.items.map(view), total: page.total, unread: page.unread, limit: query.limit, offset: query.offset };
  }

  async unreadCount(principal: Principal): Promise<{ unread: number }> {
    return { unread: await this.notifications.count(this.transactor.manager, principal.userId, true) };
  }

  /** Marks the person's notices of `ids` read, or all of them without ids; ids of others' notices or already read change nothing. */
  async markRead(principal: Principal, ids: readonly string[] | null): Promise<{ marked: number; unread: number }> {
    return this.transactor.run(async (tx) => {
      const marked = await this.notifications.markRead(tx, principal.userId, ids, this.clock.now());
      return { marked: marked.length, unread: await this.notifications.count(tx, principal.userId, true) };
    });
  }
}
