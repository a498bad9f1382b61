/** @module The VersionStore contract on SQLite (a temporary file) and on PostgreSQL (a fresh schema; skipped without TEST_DATABASE_URL), and PostgreSQL's LISTEN/NOTIFY. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteStore } from "../../runtime/store/index.ts";
import { createSqliteVersionStore } from "../../runtime/store/sqlite/versions.ts";
import { createPostgresVersionStore } from "../../runtime/store/postgres/versions.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { SKIP_REASON, dropSchema, freshSchemaUrl, testDatabaseUrl } from "../support/postgres.ts";
import { newVersion, runVersionStoreContract } from "./version-store-contract.ts";

runVersionStoreContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "versions-"));
  const file = join(dir, "bot.db");
  const store = createSqliteStore(file);
  const versions = createSqliteVersionStore(file);
  return {
    store,
    versions,
    peer: async () => createSqliteVersionStore(file),
    close: async () => {
      await versions.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

if (testDatabaseUrl === null) {
  describe.skip(`PostgreSQL versions: SKIPPED because ${SKIP_REASON}`, () => {
    it("skipped", () => undefined);
  });
} else {
  runVersionStoreContract("PostgreSQL", async () => {
    const { url, schema } = freshSchemaUrl("ver");
    const store = await openStoreFromUrl(url);
    const versions = await createPostgresVersionStore(url);
    return {
      store,
      versions,
      peer: () => createPostgresVersionStore(url),
      close: async () => {
        await versions.close();
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe("PostgreSQL versions: LISTEN/NOTIFY", () => {
    it("tells a listening process at the commit of a peer's publish and rollback, and not another schema's", async () => {
      const a = freshSchemaUrl("ver");
      const b = freshSchemaUrl("ver");
      const listener = await createPostgresVersionStore(a.url);
      const publisher = await createPostgresVersionStore(a.url);
      const elsewhere = await createPostgresVersionStore(b.url);
      let heard = 0;
      const stop = await listener.listen!(() => heard++);
      try {
        const initial = heard; // one call on connecting, for anything missed while away
        expect(initial).toBe(1);
        await elsewhere.publish(newVersion("other"), 1);
        await publisher.publish(newVersion("a"), 1);
        await expect.poll(() => heard, { timeout: 5000 }).toBe(initial + 1);
        await publisher.publish(newVersion("b"), 2);
        await publisher.setLive(1, 3, "ops", "rollback");
        await expect.poll(() => heard, { timeout: 5000 }).toBe(initial + 3);
      } finally {
        await stop();
        await Promise.all([listener.close(), publisher.close(), elsewhere.close()]);
        await Promise.all([dropSchema(a.schema), dropSchema(b.schema)]);
      }
    });
  });
}
