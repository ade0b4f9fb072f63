import { readFileSync } from 'node:fs';

/**
 * Checks that every package in package-lock.json accepts the Node versions we support: the lowest
 * of each line in package.json's `engines.node` (e.g. 20.19.0, 22.12.0, 24.0.0) and the versions
 * the README says were tested. Prints each package whose `engines.node` refuses one of them, and
 * exits 1 if there is any; `npm ci` would print EBADENGINE for it on that version.
 *
 *   npm run engines:check            (from the checkout; reads package.json and package-lock.json)
 */

/**
 * Packages whose `engines.node` refuses Node 20 though they run on it, each with why we accept it
 * (by name and major version: a new major is checked again). `npm ci` on Node 20 prints EBADENGINE
 * for them; CI installs and runs the whole suite on Node 20.20.2, which reaches each of them.
 */
export const ACCEPTED_REFUSALS: Record<string, string> = {
  'unpdf@1':
    'declares node >=22 from 1.8.0; on 20.19+ it loads (require of ES modules) and reads every PDF of the publication check and the seed report in the tests',
  'content-disposition@3':
    "under @fastify/static, which calls v3's create() (no older major has it): an ES module that Node 20.19+ requires, loaded at every start of the api; create() runs only for reply.download, which the service does not call",
  'cookie@2':
    "under light-my-request, which calls v2's stringifySetCookie and which Fastify loads only for inject(): neither the service nor its tests call it, so it is never loaded",
};

/** The Node versions the README names as tested; keep the two in step. */
export const TESTED_NODE_VERSIONS = ['20.20.2', '22.23.5', '24.22.3'];

type Version = [number, number, number];
type Comparator = { op: '>=' | '<' | '>' | '<=' | '='; version: Version };

function parsePartial(text: string): Array<number | null> {
  const cleaned = text.replace(/^v/, '').replace(/[-+].*$/, '');
  if (cleaned === '' || cleaned === '*' || cleaned === 'x' || cleaned === 'X') return [];
  return cleaned.split('.').map((part) => (/^[xX*]$/.test(part) ? null : Number(part)));
}

function full(parts: Array<number | null>): Version {
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

/** The comparators one piece of a range (`>=20.19`, `^22.12.0`, `18.x`, `~1.2`) stands for. */
function comparators(piece: string): Comparator[] {
  const match = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(piece)!;
  const op = match[1] ?? '';
  const parts = parsePartial(match[2]!.trim());
  const defined = parts.findIndex((p) => p === null);
  const known = defined === -1 ? parts : parts.slice(0, defined);
  if (known.some((n) => n === null || Number.isNaN(n))) throw new Error(`cannot read the version range piece "${piece}"`);
  const [a = 0, b = 0, c = 0] = known as number[];
  const bumped = (index: number): Version => (index === 0 ? [a + 1, 0, 0] : index === 1 ? [a, b + 1, 0] : [a, b, c + 1]);
  switch (op) {
    case '>=':
      return [{ op: '>=', version: full(known) }];
    case '>':
      return known.length >= 3 ? [{ op: '>', version: [a, b, c] }] : known.length === 0 ? [{ op: '<', version: [0, 0, 0] }] : [{ op: '>=', version: bumped(known.length - 1) }];
    case '<':
      return [{ op: '<', version: full(known) }];
    case '<=':
      return known.length >= 3 ? [{ op: '<=', version: [a, b, c] }] : known.length === 0 ? [] : [{ op: '<', version: bumped(known.length - 1) }];
    case '^': {
      const upper: Version = a > 0 || known.length === 1 ? [a + 1, 0, 0] : b > 0 || known.length === 2 ? [0, b + 1, 0] : [0, 0, c + 1];
      return [{ op: '>=', version: full(known) }, { op: '<', version: upper }];
    }
    case '~':
      return [{ op: '>=', version: full(known) }, { op: '<', version: known.length <= 1 ? [a + 1, 0, 0] : [a, b + 1, 0] }];
    default:
      if (known.length === 0) return [];
      if (known.length >= 3) return [{ op: '=', version: [a, b, c] }];
      return [{ op: '>=', version: full(known) }, { op: '<', version: bumped(known.length - 1) }];
  }
}

function compare(x: Version, y: Version): number {
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

function holds(version: Version, { op, version: bound }: Comparator): boolean {
  const order = compare(version, bound);
  return op === '>=' ? order >= 0 : op === '>' ? order > 0 : op === '<' ? order < 0 : op === '<=' ? order <= 0 : order === 0;
}

/** The alternatives of a range, each a list of comparators that must all hold. */
export function parseRange(range: string): Comparator[][] {
  return range.split('||').map((alternative) => {
    const text = alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) return [...comparators(`>=${hyphen[1]}`), ...comparators(`<=${hyphen[2]}`)];
    return text === '' ? [] : text.split(/\s+/).flatMap(comparators);
  });
}

export function satisfies(version: string, range: string): boolean {
  const parsed = full(parsePartial(version));
  return parseRange(range).some((alternative) => alternative.every((comparator) => holds(parsed, comparator)));
}

/** The lowest version of each alternative of our own range: 20.19.0, 22.12.0, 24.0.0. */
export function lowestOfEachLine(range: string): string[] {
  return parseRange(range).map((alternative) => {
    const lows = alternative.filter((c) => c.op === '>=' || c.op === '=').map((c) => c.version);
    return (lows.sort(compare).pop() ?? [0, 0, 0]).join('.');
  });
}

function main(): number {
  const own = JSON.parse(readFileSync('package.json', 'utf8')) as { engines?: { node?: string } };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }> };
  const range = own.engines?.node;
  if (!range) {
    console.error('package.json has no engines.node.');
    return 1;
  }
  const versions = [...new Set([...lowestOfEachLine(range), ...TESTED_NODE_VERSIONS])];
  const outside = versions.filter((v) => !satisfies(v, range));
  if (outside.length > 0) {
    console.error(`The tested Node versions ${outside.join(', ')} are outside engines.node "${range}".`);
    return 1;
  }
  let refusals = 0;
  let acceptedCount = 0;
  let checked = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || !wanted) continue;
    checked += 1;
    const refused = versions.filter((v) => !satisfies(v, wanted));
    if (refused.length === 0) continue;
    const name = path.replace(/^.*node_modules\//, '');
    const accepted = ACCEPTED_REFUSALS[`${name}@${(entry.version ?? '').split('.')[0]}`];
    const line = `${name}@${entry.version}${entry.dev ? ' (dev)' : ''} wants node "${wanted}": refuses ${refused.join(', ')}`;
    if (accepted) {
      acceptedCount += 1;
      console.log(`${line}; accepted: ${accepted}`);
      continue;
    }
    refusals += 1;
    console.log(line);
  }
  const verdict = refusals === 0 ? 'every other one accepts them' : `${refusals} refuse`;
  console.log(`engines.node "${range}"; checked Node ${versions.join(', ')} against ${checked} packages: ${acceptedCount} refusals accepted (ACCEPTED_REFUSALS), ${verdict}.`);
  return refusals === 0 ? 0 : 1;
}

if (require.main === module) process.exit(main());
