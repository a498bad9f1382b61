/**
 * @module A webhook with any Unicode text is stored once and answered, the same on SQLite and PostgreSQL:
 * U+0000 and lone surrogates become U+FFFD (PostgreSQL's text holds neither). Real emulator, real server
 * over HTTP, real stores.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { signedPost } from "../../sandbox/emulator/signed-post.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";
import { createPostgresStore } from "../../runtime/store/postgres/index.ts";
import { storableText } from "../../runtime/inbound/storable-text.ts";
import { dropSchema, testDatabaseUrl, SKIP_REASON } from "../support/postgres.ts";
import { ALICE, BOT_NUMBER, startHarness } from "./harness.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Texts `body` to the bot, retries the same signed webhook as Twilio would, and checks it was stored once and answered. */
async function textsAndIsAnswered(store: Store): Promise<void> {
  const h = await startHarness({ store });
  closers.push(() => h.close());
  const { emulator, server } = h;
  const body = "a\u0000b c\u0000";
  const first = await emulator.sendInbound({ from: ALICE, to: BOT_NUMBER, body });
  expect(first.status).toBe(200);
  const retry = await signedPost(`${server.url}/sms`, first.params, emulator.authToken, 5000);
  expect(retry.status).toBe(200);
  await server.inbound.drain();
  await server.dispatcher.tick();
  await emulator.settle();
  const stored = await store.listMessages({ userId: ALICE, direction: "in" });
  expect(stored.map((m) => [m.sid, m.body])).toEqual([[first.message.sid, "a\uFFFDb c\uFFFD"]]);
  const replies = emulator.messagesTo(ALICE).filter((m) => m.direction === "outbound-api");
  // Answered once (the catch-all's capture; how the matcher normalises U+FFFD is the engine's business).
  expect(replies).toHaveLength(1);
  expect(replies[0]!.body).toMatch(/^You said: a.?b c/);
  expect(h.logs().filter((l) => l["event"] === "inbound.error")).toEqual([]);
}

describe("a Body with U+0000 is stored once and answered", () => {
  it("on SQLite", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-unicode-db-"));
    const store = createSqliteStore(path.join(dir, "bot.db"));
    // The harness closes the store; the folder goes after it.
    closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    await textsAndIsAnswered(store);
  });

  it.skipIf(testDatabaseUrl === null)(`on PostgreSQL${testDatabaseUrl === null ? ` (${SKIP_REASON})` : ""}`, async () => {
    const schema = `unicode_${process.pid}_${randomBytes(3).toString("hex")}`;
    const store = await createPostgresStore(testDatabaseUrl!, { schema, max: 4 });
    // The harness closes the store; the schema goes after it.
    closers.push(() => dropSchema(schema));
    await textsAndIsAnswered(store);
  });
});

describe("storableText", () => {
  it.each([
    ["plain text, emoji and a valid pair", "hé 👋 \uD83D\uDE00", "hé 👋 \uD83D\uDE00"],
    ["NUL", "a\u0000b", "a\uFFFDb"],
    ["a lone high surrogate", "a\uD800b", "a\uFFFDb"],
    ["a lone low surrogate", "a\uDC00b", "a\uFFFDb"],
    ["a high surrogate at the end", "ab\uD83D", "ab\uFFFD"],
    ["two high surrogates then a low one", "\uD83D\uD83D\uDE00", "\uFFFD\uD83D\uDE00"],
  ])("%s", (_name, input, stored) => {
    expect(storableText(input)).toBe(stored);
  });
});
