/** The fixed history key every test app and spawned process uses (never a real one). */
export const TEST_HISTORY_KEY = '7e57'.repeat(16);
