import { Injectable } from '@nestjs/common';
import { PhraseStore, Transactor, type PhraseKind, type PhraseRow, type Tx } from '@jixiao/persistence';
import { Clock } from '../clock';
import { conflict, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';

export { PHRASE_KINDS, type PhraseKind } from '@jixiao/persistence';

/** How many phrases one person keeps, and how long one may be. */
export const PHRASE_LIMITS = { perPerson: 50, length: 200 } as const;

/**
 * Offered while a person has saved none of their own for that use: the opinions and reasons
 * people write most, so the picker is useful on the first day. They are not stored; saving one's
 * own phrase for a use replaces them there.
 */
export const DEFAULT_PHRASES: readonly { kind: PhraseKind; text: string }[] = [
  { kind: 'approval', text: '同意。' },
  { kind: 'approval', text: '同意，请按程序办理。' },
  { kind: 'approval', text: '已阅，同意报送。' },
  { kind: 'return', text: '请按意见修改后重新提交。' },
  { kind: 'return', text: '数据与决算报表不一致，请核对后重新提交。' },
  { kind: 'return', text: '内容不完整，请补充后重新提交。' },
  { kind: 'comment', text: '请补充数据来源。' },
  { kind: 'comment', text: '请核对此处数字。' },
  { kind: 'comment', text: '表述请再精炼。' },
];

export interface PhraseView {
  /** Null for a default phrase, which is not stored and cannot be changed. */
  id: string | null;
  /** Null: offered for every use. */
  kind: PhraseKind | null;
  text: string;
  builtIn: boolean;
}

const view = (row: PhraseRow): PhraseView => ({ id: row.id, kind: row.kind, text: row.text, builtIn: false });

/** 常用语: each person's saved phrases for approval opinions, return reasons and comments. */
@Injectable()
export class PhraseService {
  constructor(
    private readonly transactor: Transactor,
    private readonly phrases: PhraseStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The person's phrases for one use (those of that kind and those for every use), or all of
   * them; where they have none for a use, the defaults for it.
   */
  async list(principal: Principal, kind?: PhraseKind): Promise<PhraseView[]> {
    const own = (await this.phrases.list(this.transactor.manager, principal.userId)).map(view);
    const kinds: readonly PhraseKind[] = kind ? [kind] : ['approval', 'return', 'comment'];
    const shown = own.filter((p) => kind === undefined || p.kind === null || p.kind === kind);
    const defaults = kinds.flatMap((k) =>
      own.some((p) => p.kind === k || p.kind === null) ? [] : DEFAULT_PHRASES.filter((d) => d.kind === k).map((d) => ({ id: null, kind: d.kind, text: d.text, builtIn: true })),
    );
    return [...shown, ...defaults];
  }

  async create(principal: Principal, input: { text: string; kind?: PhraseKind | null }): Promise<PhraseView> {
    const text = input.text.trim();
    return this.transactor.run(async (tx) => {
      await this.phrases.lockOwner(tx, principal.userId);
      await this.refuseDuplicate(tx, principal.userId, text);
      if ((await this.phrases.count(tx, principal.userId)) >= PHRASE_LIMITS.perPerson) {
        throw unprocessable('PHRASE.TOO_MANY', `At most ${PHRASE_LIMITS.perPerson} phrases per person.`, { limit: PHRASE_LIMITS.perPerson });
      }
      return view(await this.phrases.create(tx, { userId: principal.userId, kind: input.kind ?? null, text, at: this.clock.now() }));
    });
  }

  async update(principal: Principal, id: string, input: { text?: string; kind?: PhraseKind | null }): Promise<PhraseView> {
    return this.transactor.run(async (tx) => {
      await this.phrases.lockOwner(tx, principal.userId);
      const current = await this.phrases.find(tx, principal.userId, id);
      if (!current) throw notFound('phrase', id);
      const text = input.text === undefined ? current.text : input.text.trim();
      await this.refuseDuplicate(tx, principal.userId, text, id);
      const kind = input.kind === undefined ? current.kind : input.kind;
      const updated = await this.phrases.update(tx, principal.userId, id, { kind, text, at: this.clock.now() });
      return view(updated!);
    });
  }

  async remove(principal: Principal, id: string): Promise<PhraseView> {
    const removed = await this.transactor.run((tx) => this.phrases.remove(tx, principal.userId, id));
    if (!removed) throw notFound('phrase', id);
    return view(removed);
  }

  private async refuseDuplicate(tx: Tx, userId: string, text: string, exceptId?: string): Promise<void> {
    const same = await this.phrases.withText(tx, userId, text, exceptId);
    if (same) throw conflict('PHRASE.DUPLICATE', 'The person has this phrase already.', { id: same.id });
  }
}
