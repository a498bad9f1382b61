/**
 * @module Human takeover in one runtime process (docs/handoff.md) on the harness (real emulator, real
 * twilio client, real SQLite, manual clock): ^notifyAgent opens, the bot stands aside, operator replies go
 * out through the outbox in order, STOP closes and refuses, close returns to a topic, the idle timer
 * closes with the "nobody is available" text, and a reminder due meanwhile is dropped.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { ALICE, BOB, startHarness, T0 } from "../runtime/harness.ts";
import type { Harness } from "../runtime/harness.ts";

const SOURCE = `
+ hello
- Hi there!

+ agent
- Connecting you to a person. ^notifyAgent(wants a human)

+ remind me
- ok ^reminder(nap, "wake up!", ${T0 + 10 * 60_000})

+ *
- bot answer

> topic booking
+ *
- booking answer
< topic
`;

const CONFIG = `handoff:
  idleMinutes: 30
  unavailableText: Sorry, nobody is available right now. The bot is back.
`;

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function start(): Promise<Harness> {
  const { ir, diagnostics } = compile([{ path: "bot.bot", text: SOURCE }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-runtime-"));
  fs.writeFileSync(path.join(root, "bot.config.yaml"), CONFIG);
  h = await startHarness({ ir, root });
  return h;
}

describe("human takeover in the runtime", () => {
  it("stands aside while handed off, sends operator replies in order, and returns to the operator's topic", async () => {
    const h = await start();
    const service = h.server.handoff.service!;
    await h.text(ALICE, "agent");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Connecting you to a person."]);
    const [open] = await service.list();
    expect(open).toMatchObject({ userId: ALICE, state: "waiting", reason: "wants a human", openedBy: "bot" });

    await h.text(ALICE, "hello");
    await h.text(ALICE, "is anyone there?");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Connecting you to a person."]);
    const view = await service.get(ALICE);
    if (!view.ok) throw new Error(view.error);
    expect(view.value.handoff.userMessages).toBe(2);
    expect(view.value.messages.filter((m) => m.origin === "user").map((m) => m.body)).toEqual(["agent", "hello", "is anyone there?"]);

    const first = await service.reply(ALICE, { body: "Hi, Kim here.", agent: "Kim" });
    const second = await service.reply(ALICE, { body: "Here is the map.", mediaUrl: "media/cat.png", agent: "Lee" });
    expect([first.status, second.status]).toEqual([202, 202]);
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["Connecting you to a person.", "Hi, Kim here.", "Here is the map."]);
    const after = await service.get(ALICE);
    if (!after.ok) throw new Error(after.error);
    expect(after.value.messages.filter((m) => m.origin === "agent").map((m) => [m.agent, m.body])).toEqual([
      ["Kim", "Hi, Kim here."],
      ["Lee", "Here is the map."],
    ]);
    expect(after.value.handoff).toMatchObject({ state: "active", assignee: "Kim", agentMessages: 2 });

    expect((await service.reply(ALICE, { body: "x".repeat(1601) })).status).toBe(422);
    expect((await service.reply(BOB, { body: "hi" })).status).toBe(404);
    expect((await service.close(ALICE, { returnTopic: "nowhere" })).status).toBe(422);
    const closed = await service.close(ALICE, { returnTopic: "booking", message: "Handing you back to the bot." });
    expect(closed.status).toBe(200);
    await h.tick();
    await h.text(ALICE, "tomorrow at 10");
    await h.tick();
    expect(h.received(ALICE).slice(-2)).toEqual(["Handing you back to the bot.", "booking answer"]);
    expect((await service.reply(ALICE, { body: "late" })).status).toBe(409);
  });

  it("STOP closes the handoff and a later agent reply is refused with 409, nothing sent", async () => {
    const h = await start();
    const service = h.server.handoff.service!;
    await h.text(BOB, "hello");
    expect((await service.takeOver(BOB, { reason: "VIP", agent: "Kim" })).status).toBe(201);
    expect((await service.takeOver(BOB, { agent: "Lee" })).status).toBe(200);
    await h.text(BOB, "STOP");
    await h.tick();
    const sent = h.received(BOB).length;
    const view = await service.get(BOB);
    if (!view.ok) throw new Error(view.error);
    expect(view.value.handoff).toMatchObject({ state: "closed", closedBy: "stop", assignee: "Kim" });
    const refused = await service.reply(BOB, { body: "are you still there?" });
    expect(refused.status).toBe(409);
    await h.tick();
    expect(h.received(BOB).length).toBe(sent);
  });

  it("the idle timer closes a handoff nobody answered with the unavailable text (virtual clock), and drops a reminder due meanwhile", async () => {
    const h = await start();
    const service = h.server.handoff.service!;
    await h.text(ALICE, "remind me");
    await h.text(ALICE, "agent");
    await h.tick();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok", "Connecting you to a person."]);
    h.clock.advance(10 * 60_000);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok", "Connecting you to a person."]);
    expect((await h.store.listOutbox({ userId: ALICE })).find((r) => r.kind === "reminder")?.state).toBe("canceled");

    h.clock.advance(20 * 60_000 - 1);
    expect(await h.server.handoff.idle!.tick()).toBe(0);
    h.clock.advance(1);
    expect(await h.server.handoff.idle!.tick()).toBe(1);
    await h.tick();
    expect(h.received(ALICE).at(-1)).toBe("Sorry, nobody is available right now. The bot is back.");
    expect((await service.get(ALICE)).ok && (await service.list()).length).toBe(0);
    await h.text(ALICE, "hello");
    await h.tick();
    expect(h.received(ALICE).at(-1)).toBe("Hi there!");

    // Answered by an agent: the idle close sends nothing.
    await h.text(BOB, "agent");
    await service.reply(BOB, { body: "on it" });
    await h.tick();
    await h.tick();
    h.clock.advance(30 * 60_000);
    expect(await h.server.handoff.idle!.tick()).toBe(1);
    await h.tick();
    expect(h.received(BOB)).toEqual(["Connecting you to a person.", "on it"]);
  });
});
