/** @module SMS runtime end to end with compiled bots: bot-folder media that cannot be sent, reminders across a restart, webhook location facts. */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { startEmulator, type Emulator } from "../../sandbox/emulator/index.ts";
import { ALICE, BOT_NUMBER, events, manualClock, startHarness, T0 } from "./harness.ts";
import type { Harness } from "./harness.ts";

function compiled(text: string): BotIR {
  const { ir, diagnostics } = compile([{ path: "test.bot", text }]);
  expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return ir;
}

const WARN = 40;
const ERROR = 50;

let h: Harness | undefined;
let h2: Harness | undefined;
let emulator: Emulator | undefined;
afterEach(async () => {
  await h?.close();
  await h2?.close();
  await emulator?.close();
  h = h2 = emulator = undefined;
});

const outbound = (harness: Harness, to: string) => harness.emulator.messagesTo(to).filter((m) => m.direction === "outbound-api");

describe("bot-folder media that cannot be sent", () => {
  const outside = `outside-${process.pid}.vcf`;
  const BOT = `
+ pic
- here is a cat ^image(media/cat.png) ^image(nope.png)

+ text and lost
- just words ^image(nope.png)

+ lost
- ^image(nope.png)

+ escape
- look ^file(../${outside})
`;

  it("drops a missing file with a RUN012 warning and sends the rest of the message", async () => {
    h = await startHarness({ ir: compiled(BOT) });
    await h.text(ALICE, "pic");
    await h.tick();
    const [sent] = outbound(h, ALICE);
    expect(sent).toMatchObject({ body: "here is a cat", mediaUrls: [`${h.server.url}/media/media/cat.png`], status: "delivered" });
    const dropped = events(h, "media.dropped");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ level: WARN, code: "RUN012", path: "nope.png", to: ALICE });
    expect(dropped[0]!["msg"]).toMatch(
      /^RUN012: Media nope\.png was not sent: file "nope\.png" not found in the bot folder; the message went out without it\./,
    );
    const [log] = await h.store.listMessages({ direction: "out" });
    expect(log).toMatchObject({ sid: sent!.sid, media: ["media/cat.png"], priceEstimate: 0.022 });
  });

  it("a message left with text only goes out as a plain SMS", async () => {
    h = await startHarness({ ir: compiled(BOT) });
    await h.text(ALICE, "text and lost");
    await h.tick();
    expect(outbound(h, ALICE).map((m) => [m.body, m.mediaUrls, m.status])).toEqual([["just words", [], "delivered"]]);
    const [log] = await h.store.listMessages({ direction: "out" });
    expect(log).toMatchObject({ media: [], status: "delivered", priceEstimate: 0.0083 });
    expect(events(h, "media.dropped").map((l) => l["code"])).toEqual(["RUN012"]);
  });

  it("a message whose only content was the missing file is not sent: logged and marked failed", async () => {
    h = await startHarness({ ir: compiled(BOT) });
    await h.text(ALICE, "lost");
    await h.tick();
    expect(outbound(h, ALICE)).toEqual([]);
    const [row] = await h.store.listOutbox({ userId: ALICE });
    expect(row).toMatchObject({ state: "failed", sid: null });
    expect(row!.error).toMatch(/^nothing to send: the message has no text and its media cannot be sent \(file "nope\.png" not found/);
    const failed = events(h, "send.failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: ERROR, code: "RUN012", to: ALICE });
    expect(failed[0]!["msg"]).toContain("Add the files to the bot folder or fix the paths in the bot");
    expect(events(h, "media.dropped")).toEqual([]);
    // A failed row never blocks the user's next message under strict ordering.
    await h.text(ALICE, "pic");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["here is a cat"]);
  });

  it("drops a path that leads out of the bot folder even when the file exists there", async () => {
    h = await startHarness({ ir: compiled(BOT) });
    const file = path.join(path.dirname(h.root), outside);
    fs.writeFileSync(file, "BEGIN:VCARD\r\nEND:VCARD\r\n");
    try {
      await h.text(ALICE, "escape");
      await h.tick();
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(outbound(h, ALICE).map((m) => [m.body, m.mediaUrls])).toEqual([["look", []]]);
    const [dropped] = events(h, "media.dropped");
    expect(dropped).toMatchObject({ code: "RUN012", path: `../${outside}` });
    expect(dropped!["msg"]).toContain("is outside the bot folder");
  });
});

describe("reminders across a restart", () => {
  it("a reminder scheduled before the restart fires once, 60 s later, from the same database", async () => {
    const clock = manualClock();
    emulator = await startEmulator({ seed: 7, now: clock.now, delivery: { latencyMs: 1 } });
    const ir = compiled(`
+ remind me
- <set name=ann>ok, in a minute ^reminder(nap, "wake up <get name>!", ${T0 + 60_000})
`);
    h = await startHarness({ ir, clock, sharedEmulator: emulator });
    await h.text(ALICE, "remind me");
    await h.tick();
    expect(h.received(ALICE)).toEqual(["ok, in a minute"]);
    const { root, dbFile } = h;
    await h.close();
    h = undefined;
    expect(fs.existsSync(dbFile)).toBe(true);

    h2 = await startHarness({ ir, clock, sharedEmulator: emulator, root });
    expect(h2.dbFile).toBe(dbFile);
    await h2.tick();
    expect(h2.received(ALICE)).toEqual(["ok, in a minute"]);
    clock.advance(60_000);
    await h2.tick();
    await h2.tick();
    await h2.tick();
    expect(h2.received(ALICE)).toEqual(["ok, in a minute", "wake up ann!"]);
    expect(events(h2, "reminder.fired")).toHaveLength(1);
    expect(await h2.store.listOutbox({ state: "pending" })).toEqual([]);
  });
});

describe("webhook location facts", () => {
  it("FromCity, FromState, FromZip and FromCountry reach the reply as _fromCity … _fromCountry", async () => {
    h = await startHarness({ ir: compiled("+ *\n- <get _fromCity>|<get _fromState>|<get _fromZip>|<get _fromCountry>\n") });
    const result = await h.emulator.sendInbound({
      from: ALICE,
      to: BOT_NUMBER,
      body: "where am i",
      facts: { FromCity: "TORONTO", FromState: "ON", FromZip: "M5V", FromCountry: "CA" },
    });
    expect(result.status).toBe(200);
    expect(result.params).toMatchObject({ FromCity: "TORONTO", FromState: "ON", FromZip: "M5V", FromCountry: "CA" });
    // The webhook answers once the message is queued; its step runs after (as h.text waits for it).
    await h.server.inbound.drain();
    await h.tick();
    expect(h.received(ALICE)).toEqual(["TORONTO|ON|M5V|CA"]);
  });
});
