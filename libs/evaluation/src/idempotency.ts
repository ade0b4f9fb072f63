import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdempotencyStore, type Tx } from '@jixiao/persistence';
import { unprocessable } from './errors';

export interface IdempotencyRequest {
  userId: string;
  key: string;
  /** Method and path, so a key reused on another route is refused rather than replayed. */
  scope: string;
  body: unknown;
}

export interface Outcome<T> {
  replayed: boolean;
  statusCode: number;
  body: T;
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * Honours an Idempotency-Key inside the caller's transaction: the first request's answer is stored
 * with its effects, so a repeat replays it and changes nothing. A failed first attempt rolls back
 * with its claim, so the key can be used again.
 */
@Injectable()
export class Idempotency {
  constructor(private readonly store: IdempotencyStore) {}

  async run<T>(tx: Tx, request: IdempotencyRequest | null, statusCode: number, work: () => Promise<T>): Promise<Outcome<T>> {
    if (request === null) return { replayed: false, statusCode, body: await work() };
    const requestHash = this.requestHash(request);
    const claim = await this.store.claim(tx, { userId: request.userId, key: request.key, scope: request.scope, requestHash });
    if (!claim.claimed) return this.replay(request, { ...claim, statusCode: claim.statusCode ?? statusCode });
    const body = await work();
    await this.store.complete(tx, { userId: request.userId, key: request.key, statusCode, response: body });
    return { replayed: false, statusCode, body };
  }

  /** The digest of a request's body that a repeat must match. */
  requestHash(request: IdempotencyRequest): string {
    return createHash('sha256').update(stableStringify(request.body)).digest('hex');
  }

  /** The stored answer to a key used before: replayed for the same request, refused (422) for another one. */
  replay<T>(request: IdempotencyRequest, stored: { scope: string; requestHash: string; statusCode: number; response: unknown }): Outcome<T> {
    if (stored.scope !== request.scope || stored.requestHash !== this.requestHash(request)) {
      throw unprocessable('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used for a different request. Use a new key for a new request.');
    }
    return { replayed: true, statusCode: stored.statusCode, body: stored.response as T };
  }
}
