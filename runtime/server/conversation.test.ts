/** @module The conversation step against a real SQLite store: one commit per message (the queued row marked done in it), bot state written only when a reply changed it. */
import { afterEach, describe, expect, it } from "vitest";
import { bot, say, testEnv, tpl } from "../../test/engine/helpers.ts";
import { createMemoryLogger } from "../logger.ts";
import { createUserLock } from "../outbox/index.ts";
import { createSqliteStore } from "../store/index.ts";
import type { Changes, Store } from "../store/index.ts";
import { createConversation, sameBotState } from "./conversation.ts";

const ALICE = "+15550000001";
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** The real store, with every inbound commit's changes kept for inspection. */
function recordingStore(): { store: Store; commits: Changes[] } {
  const real = createSqliteStore(":memory:");
  stores.push(real);
  const commits: Changes[] = [];
  const store: Store = {
    ...real,
    completeInbound: (sid, changes) => {
      commits.push(changes);
      return real.completeInbound(sid, changes);
    },
  };
  return { store, commits };
}

describe("conversation step", () => {
  const ir = bot({
    vars: { mood: "calm" },
    topics: {
      default: [
        say("mood *", { type: "botSet", name: "mood", value: tpl({ type: "star", index: 1, source: "user" }) }, "ok"),
        say("hello", "Hi"),
      ],
    },
  });

  it("writes the bot state the first time and when a reply changes it, not otherwise", async () => {
    const { store, commits } = recordingStore();
    const env = testEnv();
    const conversation = createConversation({ ir, store, lock: createUserLock(), clock: env.clock, logger: createMemoryLogger("warn").logger, env, help: "twilio" });
    const run = async (sid: string, body: string) => {
      const message = { sid, from: ALICE, body, media: [], mediaTypes: [], facts: {} };
      await store.enqueueInbound(message, env.clock.now());
      return conversation.runInbound({ seq: 0, message, receivedAt: env.clock.now() });
    };

    expect(await run("SM1", "hello")).toBe("answered");
    expect(await run("SM2", "mood sunny")).toBe("answered");
    expect(await run("SM3", "hello")).toBe("answered");
    // Finished already (by another worker): this run's result is dropped.
    expect(await run("SM3", "hello")).toBe("replayed");

    // The fourth commit was tried and wrote nothing.
    expect(commits.map((c) => c.bot?.vars["mood"] ?? null)).toEqual(["calm", "sunny", null, null]);
    expect(await store.getBotState()).toEqual({ vars: { mood: "sunny" }, globals: {} });
    expect((await store.listOutbox()).map((r) => r.body)).toEqual(["Hi", "ok", "Hi"]);
  });
});

describe("sameBotState", () => {
  it("compares both maps key by key", () => {
    const state = (vars: Record<string, string>, globals: Record<string, string> = {}) => ({ vars, globals });
    expect(sameBotState(state({ a: "1", b: "2" }), state({ b: "2", a: "1" }))).toBe(true);
    expect(sameBotState(state({ a: "1" }), state({ a: "2" }))).toBe(false);
    expect(sameBotState(state({ a: "1" }), state({ a: "1", b: "" }))).toBe(false);
    expect(sameBotState(state({ a: "1", c: "" }), state({ a: "1", b: "" }))).toBe(false);
    expect(sameBotState(state({}, { g: "x" }), state({}, { g: "y" }))).toBe(false);
  });
});
