import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

export interface ScratchDatabase {
  /** The new database's URL: the server's, with the database's name as its path. */
  url: string;
  name: string;
  /** Drops the database (closing whatever is still connected to it), unless told to keep it. */
  drop(options?: { keep?: boolean }): Promise<void>;
}

/**
 * A new, empty database on the server `serverUrl` names, for one benchmark run. A run on a database
 * earlier runs have grown measures something else: five bench:transitions runs on one database
 * measured ceilings falling from 982 to 563 tps (bench/README.md).
 */
export async function scratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  const name = `jixiao_${label}_${randomUUID().slice(0, 8)}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async (options = {}) => {
      try {
        if (!options.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
