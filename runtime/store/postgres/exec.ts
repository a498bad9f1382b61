/** @module Runs store scripts on PostgreSQL: a transaction on one pooled client, or each statement on the pool. */
import type pg from "pg";
import { POSTGRES } from "../sql/dialect.ts";
import { compiled, driveAsync } from "../sql/script.ts";
import type { Executor, Op } from "../sql/script.ts";
import { withTransaction } from "./tx.ts";

async function query(client: pg.Pool | pg.PoolClient, op: Op): Promise<unknown> {
  const { text, names } = compiled(op.statement, POSTGRES);
  const result = await client.query(
    text,
    names.map((name) => op.params[name] ?? null),
  );
  switch (op.kind) {
    case "all":
      return result.rows;
    case "get":
      return result.rows[0];
    case "run":
      return result.rowCount ?? 0;
    default: {
      const _exhaustive: never = op;
      return _exhaustive;
    }
  }
}

export function postgresExecutor(pool: pg.Pool): Executor {
  return {
    dialect: POSTGRES,
    transaction: (script) => withTransaction(pool, (client) => driveAsync(script, (op) => query(client, op))),
    auto: (script) => driveAsync(script, (op) => query(pool, op)),
  };
}
