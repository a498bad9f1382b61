/** @module Runs a function inside one PostgreSQL transaction on a pooled client: commit on success, roll back on any error. */
import type pg from "pg";

export type Tx = pg.PoolClient;

export async function withTransaction<T>(pool: pg.Pool, fn: (client: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch {
      // The connection itself failed: do not hand it back to the pool.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
