/** @module A broadcast body renders like a reply, per recipient: shortcodes become text and media, `<send>` splits parts, `{topic=…}` reaches the stored session on delivery, and segments are counted per recipient. */
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadConfig as loadBotConfig } from "../../runtime/bot-config.ts";
import { parseBroadcastSettings, planBroadcast } from "../../runtime/broadcast/index.ts";
import type { Plan } from "../../runtime/broadcast/index.ts";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { newSession } from "../../engine/index.ts";
import { engineEnv } from "../../runtime/server/index.ts";
import { createSqliteStore, openDatabase, storeOn } from "../../runtime/store/index.ts";
import { broadcastStoreOn } from "../../runtime/store/sqlite/broadcasts.ts";
import { phoneOf, seedUsers } from "./fixtures/seed.ts";
import { botFolder, runCli, twilioEnv } from "./helpers.ts";

const NOW = 1_700_000_500_000;

/** The bot of `botFolder` (it has a `promo` topic) and its bot.config.yaml, loaded in-process. */
function loadBot() {
  const { root } = botFolder("sender:\n  type: short-code\n");
  const text = fs.readFileSync(path.join(root, "main.bot"), "utf8");
  const { ir, diagnostics } = compile([{ path: "main.bot", text }]);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const botConfig = loadBotConfig(root);
  expect(botConfig.diagnostics).toEqual([]);
  return { ir, botConfig: botConfig.config };
}

/** Plans `body` for users holding `vars`, from a real (in-memory) SQLite store, as `bot broadcast` would. */
async function plan(body: string, users: Record<string, string>[]): Promise<Plan> {
  const { ir, botConfig } = loadBot();
  const db = openDatabase(":memory:");
  const store = storeOn(db);
  const broadcasts = broadcastStoreOn(db);
  for (const [i, vars] of users.entries()) {
    const session = newSession(phoneOf(i), NOW - 1000 + i);
    Object.assign(session.vars, vars);
    await store.apply({ at: NOW - 1000 + i, session: { userId: phoneOf(i), session } });
  }
  const clock = { now: () => NOW };
  const result = await planBroadcast({
    ir,
    body,
    bodyFile: "<body>",
    where: [],
    rate: null,
    startAt: NOW,
    botConfig,
    settings: parseBroadcastSettings(undefined).settings,
    sender: { type: "short-code", source: "sender.type in bot.config.yaml" },
    users: await broadcasts.allUsers(),
    knownVariables: await broadcasts.knownVariables(),
    bot: await store.getBotState(),
    env: engineEnv({ ir, clock, logger: pino({ level: "silent" }), engine: { random: () => 0 } }),
    origin: "cli",
  });
  db.close();
  if (result.type !== "planned") throw new Error(`expected a plan, got ${JSON.stringify(result)}`);
  return result.plan;
}

const partsOf = (p: Plan) => p.recipients.map((r) => ({ userId: r.userId, parts: r.parts.map(({ body, media }) => ({ body, media })) }));

describe("a broadcast body renders like a reply, for each recipient", () => {
  it("turns ^link into `title: url` text and ^image into the part's media", async () => {
    const p = await plan("Deal ^link(https://x.test, Shop) ^image(https://x.test/a.png)", [{ name: "Ann" }, { name: "Bob" }]);
    const expected = { body: "Deal Shop: https://x.test", media: ["https://x.test/a.png"] };
    expect(partsOf(p)).toEqual([
      { userId: phoneOf(0), parts: [expected] },
      { userId: phoneOf(1), parts: [expected] },
    ]);
    expect(p.report.mms).toBe(2);
    expect(p.report.messages).toBe(2);
  });

  it("splits the body at <send> into parts, in order, each with the recipient's own name", async () => {
    const p = await plan("Hi <get name><send>Sale today", [{ name: "Ann" }, { name: "Bob" }]);
    expect(partsOf(p)).toEqual([
      {
        userId: phoneOf(0),
        parts: [
          { body: "Hi Ann", media: [] },
          { body: "Sale today", media: [] },
        ],
      },
      {
        userId: phoneOf(1),
        parts: [
          { body: "Hi Bob", media: [] },
          { body: "Sale today", media: [] },
        ],
      },
    ]);
    expect(p.report.messages).toBe(4);
    expect(p.report.perRecipient.map((r) => [r.userId, r.messages, r.preview])).toEqual([
      [phoneOf(0), 2, "Hi Ann"],
      [phoneOf(1), 2, "Hi Bob"],
    ]);
  });

  it("carries {topic=…} as each recipient's session patch, and leaves the topic out of the text", async () => {
    const p = await plan("{topic=promo}Hi <get name>", [{ name: "Ann" }, { name: "Bob" }]);
    expect(p.recipients.map((r) => [r.userId, r.parts.map((part) => part.body), r.patch])).toEqual([
      [phoneOf(0), ["Hi Ann"], { topic: "promo" }],
      [phoneOf(1), ["Hi Bob"], { topic: "promo" }],
    ]);
    expect((await plan("Hi <get name>", [{ name: "Ann" }])).recipients[0]!.patch).toBeNull();
  });

  it("counts segments per recipient when <get> makes one recipient's text longer", async () => {
    // "Bio: " + 20 characters fits one GSM-7 segment (160); + 300 needs two (153 each, up to 306); an emoji makes it UCS-2.
    const p = await plan("Bio: <get bio>", [{ bio: "a".repeat(20) }, { bio: "b".repeat(300) }, { bio: "c".repeat(30) + "😀" }, { bio: "d".repeat(302) }]);
    expect(p.recipients.map((r) => [r.userId, r.segments])).toEqual([
      [phoneOf(0), 1],
      [phoneOf(1), 2],
      [phoneOf(2), 1],
      [phoneOf(3), 3],
    ]);
    expect(p.report.perRecipient.map((r) => [r.userId, r.segments])).toEqual([
      [phoneOf(0), 1],
      [phoneOf(1), 2],
      [phoneOf(2), 1],
      [phoneOf(3), 3],
    ]);
    expect(p.report.segments).toEqual({
      total: 7,
      max: 3,
      histogram: [
        { segments: 1, recipients: 2 },
        { segments: 2, recipients: 1 },
        { segments: 3, recipients: 1 },
      ],
    });
    expect(p.report.encodings).toEqual({ gsm7: 3, ucs2: 1 });
    expect(p.report.longest[0]).toEqual({ userId: phoneOf(3), characters: 307, segments: 3 });
  });
});

describe("{topic=promo} in a broadcast body, delivered to the Twilio emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 300, delivery: { latencyMs: 5 } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("moves each recipient's stored session to the topic, and leaves a non-recipient's alone", async () => {
    const { root, db } = botFolder("sender:\n  type: short-code\n");
    // Odd users are in the US: the recipients; even users are in Canada.
    const ids = await seedUsers(db, { count: 4, optedOut: 0 });
    const before = createSqliteStore(db);
    const nonRecipient = (await before.getUser(phoneOf(0)))!;
    await before.apply({ at: Date.now(), session: { userId: nonRecipient.id, session: { ...nonRecipient.session!, topic: "vip" } } });
    const untouched = (await before.getUser(phoneOf(2)))!.session!.topic;
    await before.close();
    expect(untouched).not.toBe("promo");

    const result = await runCli(
      [
        "broadcast",
        root,
        "--body",
        "{topic=promo}Hi <get name>, the sale is on. Reply STOP to opt out",
        "--where",
        "_fromCountry = US",
        "--yes",
        "--settle",
        "0",
      ],
      twilioEnv(emulator, "12345"),
    );
    expect(result.stderr).not.toMatch(/Error|error:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/broadcast 1: done/);

    const sent = emulator.messages().filter((m) => m.direction === "outbound-api" && ids.includes(m.to));
    expect(sent.map((m) => [m.to, m.body]).sort()).toEqual([
      [phoneOf(1), "Hi User1, the sale is on. Reply STOP to opt out"],
      [phoneOf(3), "Hi User3, the sale is on. Reply STOP to opt out"],
    ]);
    const after = createSqliteStore(db);
    const topics = await Promise.all(ids.map(async (id) => (await after.getUser(id))!.session!.topic));
    await after.close();
    expect(topics).toEqual(["vip", "promo", untouched, "promo"]);
  }, 60_000);
});
