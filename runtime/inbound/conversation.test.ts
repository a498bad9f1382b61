/** @module The conversation step against a real SQLite store: one commit per message (the queued row marked done in it), bot variables written as changes only when a reply changed them. */
import { afterEach, describe, expect, it } from "vitest";
import { bot, say, testEnv, tpl } from "../../test/engine/helpers.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { createUserLock } from "../outbox/index.ts";
import { createSqliteStore } from "../store/index.ts";
import { applyBotWrites, BotStateConflict, diffBotState } from "../store/index.ts";
import type { Changes, Store } from "../store/index.ts";
import { runQueued } from "../../test/runtime/queued.ts";
import { createConversation } from "./conversation.ts";

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
      default: [say("mood *", { type: "botSet", name: "mood", value: tpl({ type: "star", index: 1, source: "user" }) }, "ok"), say("hello", "Hi")],
    },
  });

  it("writes the bot state the first time and when a reply changes it, not otherwise", async () => {
    const { store, commits } = recordingStore();
    const env = testEnv();
    const conversation = createConversation({
      ir,
      store,
      lock: createUserLock(),
      clock: env.clock,
      logger: createMemoryLogger("warn").logger,
      env,
      help: "twilio",
    });
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
    expect(commits.map((c) => c.bot?.writes ?? null)).toEqual([[], [{ scope: "vars", name: "mood", from: "calm", to: "sunny" }], null, null]);
    expect(await store.getBotState()).toEqual({ vars: { mood: "sunny" }, globals: {} });
    expect((await store.listOutbox()).map((r) => r.body)).toEqual(["Hi", "ok", "Hi"]);
  });
});

describe("bot variables as changes", () => {
  const state = (vars: Record<string, string>, globals: Record<string, string> = {}) => ({ vars, globals });

  it("diffs key by key, both maps, unset as null", () => {
    expect(diffBotState(state({ a: "1", b: "2" }), state({ b: "2", a: "1" }))).toEqual([]);
    expect(diffBotState(state({ a: "1" }), state({ a: "2", n: "x" }, { g: "y" }))).toEqual([
      { scope: "vars", name: "a", from: "1", to: "2" },
      { scope: "vars", name: "n", from: null, to: "x" },
      { scope: "globals", name: "g", from: null, to: "y" },
    ]);
    expect(diffBotState(state({ a: "1" }), state({}))).toEqual([{ scope: "vars", name: "a", from: "1", to: null }]);
  });

  it("applies writes onto the stored state, keeping other keys, and refuses a write whose value moved", () => {
    const initial = state({ a: "0" });
    expect(applyBotWrites(null, { initial, writes: [{ scope: "vars", name: "b", from: null, to: "1" }] })).toEqual(state({ a: "0", b: "1" }));
    expect(applyBotWrites(state({ a: "5", c: "x" }), { initial, writes: [{ scope: "vars", name: "c", from: "x", to: null }] })).toEqual(state({ a: "5" }));
    expect(() => applyBotWrites(state({ a: "5" }), { initial, writes: [{ scope: "vars", name: "a", from: "0", to: "1" }] })).toThrow(BotStateConflict);
  });

  it("runs a step again on the new value when another step changed its bot variable first, repeating no $ call", async () => {
    const { store } = recordingStore();
    const env = testEnv();
    let calls = 0;
    const gates: (() => void)[] = [];
    // Each $ call waits until the test lets it go, so both steps read the bot state before either commits.
    env.fetcher = async () => {
      calls++;
      await new Promise<void>((resolve) => gates.push(resolve));
      return { status: 200, text: "{}" };
    };
    const append = bot({
      vars: { list: "" },
      topics: {
        default: [
          {
            text: "add *",
            http: [{ method: "GET", name: null, url: tpl("https://api.test/x"), options: null }],
            replies: [tpl({ type: "botSet", name: "list", value: tpl({ type: "bot", name: "list" }, { type: "star", index: 1, source: "user" }) }, "ok")],
          },
        ],
      },
    });
    const conversation = createConversation({
      ir: append,
      store,
      lock: createUserLock(),
      clock: env.clock,
      logger: createMemoryLogger("warn").logger,
      env,
      help: "twilio",
    });
    const first = runQueued(store, conversation, { sid: "SM1", from: ALICE, body: "add a", media: [], mediaTypes: [] });
    const second = runQueued(store, conversation, { sid: "SM2", from: "+15550000002", body: "add b", media: [], mediaTypes: [] });
    while (gates.length < 2) await new Promise((resolve) => setImmediate(resolve));
    for (const open of gates.splice(0)) open();
    expect(await Promise.all([first, second])).toEqual(["answered", "answered"]);
    expect(calls).toBe(2);
    expect((await store.getBotState())!.vars["list"]!.split("").sort()).toEqual(["a", "b"]);
  });
});
