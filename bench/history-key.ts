/** The history key benchmarks run with unless HISTORY_KEY is set (never a real one). */
export const BENCH_HISTORY_KEY = process.env.HISTORY_KEY || 'be4c'.repeat(16);
