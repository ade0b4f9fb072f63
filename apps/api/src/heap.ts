import { setFlagsFromString } from 'node:v8';

/**
 * How far an api process's heap may grow past what survived its last full collection before the
 * next one, in percent. Left to itself, V8 lets a heap that collects quickly grow up to 4× its live
 * size: at full load an api process with about 60 MB alive went to 250 MB of heap and some 310–360
 * MB resident between full collections, nearly all of it garbage. At 100 (2×) it stays near 240–
 * 270 MB resident; the full collections come a few seconds apart instead of ten or more, each a
 * pause of about 10 ms (bench/README.md, "Memory").
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Sets V8's heap growing factor for this process unless the command line sets it
 * (`node --heap-growing-percent=N dist/apps/api/src/main.js`). V8 reads the flag each time it
 * works out the next collection's limit, so it takes effect although the process has started.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, set: (flags: string) => void = setFlagsFromString): boolean {
  if (execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return false;
  set(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

/**
 * glibc's malloc threshold, in bytes, above which a block gets a mapping of its own that is given
 * back to the system when freed. glibc raises the threshold on its own after freeing such a block
 * (up to 32 MB), and from then on keeps large blocks in its heaps: the rendering thread reads two
 * 15 MB fonts for each PDF, and once it had ended an api process still held 43 and 143 MB of
 * memory outside V8's heap at the end of two bench runs (27 MB with the threshold fixed;
 * bench/README.md, "Memory"). Only glibc reads it, and only at a process's start: the Docker
 * image sets it, the cluster's primary passes it to its workers, and a process started by hand
 * takes it from its environment (README.md, docs/operations.md).
 */
export const MALLOC_MMAP_THRESHOLD = 128 * 1024;

/** The environment a cluster worker needs added: the malloc threshold, unless the operator set one. */
export function mallocEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.MALLOC_MMAP_THRESHOLD_ ? {} : { MALLOC_MMAP_THRESHOLD_: String(MALLOC_MMAP_THRESHOLD) };
}
