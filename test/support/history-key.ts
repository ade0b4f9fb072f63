/** The fixed history key every test app and spawned process uses (never a real one). */
export const TEST_HISTORY_KEY = '7e57'.repeat(16);

/** The fixed key every test app encrypts seal private keys with (never a real one). */
export const TEST_SEAL_KEY = '5ea1'.repeat(16);
