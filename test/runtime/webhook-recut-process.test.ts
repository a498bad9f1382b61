/**
 * @module The re-cut against a real `bot run` process (Twilio mode, the emulator as Twilio): the
 * captured webhook's Body spells `From<victim>MessageSid<fresh sid>NumMedia0Zzz`, the request is cut again
 * there, the signature still verifies, and the process answers 400 and never texts the victim.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import twilio from "twilio";
import { afterAll, expect, it } from "vitest";
import { startEmulator } from "../../sandbox/emulator/index.ts";
import type { Emulator } from "../../sandbox/emulator/index.ts";
import { startBot, sleep } from "../scale/load.ts";
import type { BotProcess } from "../scale/load.ts";
import { messageSid, postSigned, recutAsVictim } from "../support/twilio-webhooks.ts";

const MALLORY = "+15550003333";
const VICTIM = "+15550009999";
let emulator: Emulator | undefined;
let bot: BotProcess | undefined;
let dir: string | undefined;
afterAll(async () => {
  if (bot?.alive()) {
    const exited = new Promise((resolve) => bot!.child.once("exit", resolve));
    bot.child.kill("SIGTERM");
    await exited;
  }
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !ok(); i++) await sleep(50);
  if (!ok()) throw new Error(`gave up waiting for ${what}`);
}

it("bot run refuses a re-cut signed webhook posing as another number, and texts no one", async () => {
  emulator = await startEmulator({ seed: 9, delivery: { latencyMs: 1 }, log: () => undefined });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-recut-"));
  fs.writeFileSync(path.join(dir, "hello.bot"), "+ *\n- got it\n");
  bot = await startBot(dir, emulator, { databaseUrl: "", processes: 1, env: { BOT_LOG_LEVEL: "info" } });
  const url = `${bot.url}/sms`;
  const fresh = messageSid(0xf00d);
  const sent = await emulator.sendInbound({ from: MALLORY, to: "+15005550006", body: `hi From${VICTIM}MessageSid${fresh}NumMedia0Zzz`, url });
  expect(sent.status).toBe(200);
  await until("the reply to Mallory", () => emulator!.messagesTo(MALLORY).some((m) => m.direction === "outbound-api"));

  const captured = sent.params;
  const signature = twilio.getExpectedTwilioSignature(emulator.authToken, url, captured);
  const forged = recutAsVictim(captured, VICTIM, fresh);
  expect(twilio.validateRequest(emulator.authToken, signature, url, forged)).toBe(true);
  expect((await postSigned(url, emulator.authToken, forged, signature)).status).toBe(400);
  await until("the refusal's log line", () => bot!.output.join("").includes('"rule":"unknown-key"'));

  // A second message from Mallory is answered after the forged one: had the forgery run, its reply would be out by now.
  await emulator.sendInbound({ from: MALLORY, to: "+15005550006", body: "again", url });
  await until("the second reply", () => emulator!.messagesTo(MALLORY).filter((m) => m.direction === "outbound-api").length === 2);
  expect(emulator.messagesTo(VICTIM)).toEqual([]);
  expect(bot.alive()).toBe(true);
});
