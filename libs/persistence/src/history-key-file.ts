import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The embedded demo's history key, for a start without HISTORY_KEY outside production: made once
 * and kept in DATA_DIR/history.key (mode 0600), beside the database files but not among them, so
 * whoever copies the database alone cannot relink the history.
 */
export function embeddedHistoryKey(dataDir: string): Buffer {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const path = join(root, 'history.key');
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`${path} does not hold a history key (64 hexadecimal characters): restore it from a backup, or set HISTORY_KEY.`);
  return Buffer.from(text, 'hex');
}
