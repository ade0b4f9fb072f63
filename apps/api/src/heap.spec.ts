import { HEAP_GROWING_PERCENT, limitHeapGrowth, MALLOC_MMAP_THRESHOLD, mallocEnvironment } from './heap';

describe('the api process heap growth', () => {
  it('asks V8 to grow the heap at most 2× past what survived, unless the command line says otherwise', () => {
    const set = jest.fn();
    expect(limitHeapGrowth([], set)).toBe(true);
    expect(set).toHaveBeenCalledWith(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(HEAP_GROWING_PERCENT).toBe(100);

    const untouched = jest.fn();
    expect(limitHeapGrowth(['--enable-source-maps', '--heap-growing-percent=300'], untouched)).toBe(false);
    expect(untouched).not.toHaveBeenCalled();
  });
});

describe('the malloc threshold a cluster worker starts with', () => {
  it('fixes glibc\'s mmap threshold at 128 kB unless the environment already sets one', () => {
    expect(mallocEnvironment({})).toEqual({ MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(MALLOC_MMAP_THRESHOLD).toBe(131072);
    expect(mallocEnvironment({ MALLOC_MMAP_THRESHOLD_: '65536' })).toEqual({});
  });
});
