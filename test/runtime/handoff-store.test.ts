/** @module Runs the HandoffStore contract on SQLite (a database file, two connections) and on PostgreSQL (TEST_DATABASE_URL, two stores as two processes). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { dropSchema, freshSchemaUrl, SKIP_REASON, testDatabaseUrl } from "../support/postgres.ts";
import { runHandoffStoreContract } from "./handoff-store-contract.ts";
import type { HandoffHarness } from "./handoff-store-contract.ts";

const dirs = new Map<HandoffHarness, string>();
runHandoffStoreContract(
  "SQLite",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "handoff-store-"));
    const file = join(dir, "bot.db");
    const harness = { store: createSqliteStore(file), peer: createSqliteStore(file) };
    dirs.set(harness, dir);
    return harness;
  },
  async (h) => {
    await h.store.close();
    await h.peer?.close();
    rmSync(dirs.get(h)!, { recursive: true, force: true });
  },
);

if (testDatabaseUrl === null) {
  describe.skip(`HandoffStore contract: PostgreSQL SKIPPED because ${SKIP_REASON}`, () => {
    it("runs the contract on PostgreSQL", () => undefined);
  });
} else {
  const schemas = new Map<HandoffHarness, string>();
  runHandoffStoreContract(
    "PostgreSQL",
    async () => {
      const { url, schema } = freshSchemaUrl("handoff");
      const store = await createPostgresStore(url, { schema, max: 4 });
      const harness = { store, peer: await createPostgresStore(url, { schema, max: 4 }) };
      schemas.set(harness, schema);
      return harness;
    },
    async (h) => {
      await h.store.close();
      await h.peer?.close();
      await dropSchema(schemas.get(h)!);
    },
  );
}
