import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileClock } from './clock';

describe('fileClock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jixiao-clock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the instant in the file, and the new one once the file is replaced', () => {
    const file = join(dir, 'clock');
    writeFileSync(file, '2026-03-30T01:30:00.000Z\n');
    const now = fileClock(file);
    expect(now().toISOString()).toBe('2026-03-30T01:30:00.000Z');
    expect(now().toISOString()).toBe('2026-03-30T01:30:00.000Z');
    writeFileSync(`${file}.next`, '2026-03-31T01:30:00.000Z');
    renameSync(`${file}.next`, file);
    expect(now().toISOString()).toBe('2026-03-31T01:30:00.000Z');
  });

  it('refuses a file that holds no instant, naming it', () => {
    const file = join(dir, 'clock');
    writeFileSync(file, 'tomorrow');
    expect(() => fileClock(file)()).toThrow(/clock file .* holds "tomorrow"/);
  });
});
