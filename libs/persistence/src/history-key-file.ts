import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The embedded demo's history key, for a start without HISTORY_KEY outside production: made once
 * and kept in DATA_DIR/history.key (mode 0600), beside the database files but not among them, so
 * whoever copies the database alone cannot relink the history.
 */
export function embeddedHistoryKey(dataDir: string): Buffer {
  return embeddedKey(dataDir, 'history.key', 'HISTORY_KEY');
}

/**
 * The embedded demo's key for units' seal private keys, for a start without
 * SEAL_KEY_ENCRYPTION_KEY: kept like the history key, in DATA_DIR/seal.key, so a copy of the
 * database files alone holds no seal key that opens.
 */
export function embeddedSealKey(dataDir: string): Buffer {
  return embeddedKey(dataDir, 'seal.key', 'SEAL_KEY_ENCRYPTION_KEY');
}

function embeddedKey(dataDir: string, fileName: string, variable: string): Buffer {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  const path = join(root, fileName);
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`${path} does not hold a key (64 hexadecimal characters): restore it from a backup, or set ${variable}.`);
  return Buffer.from(text, 'hex');
}
