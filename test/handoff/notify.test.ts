/**
 * @module The handoff notify webhook (docs/handoff.md): signed JSON (HMAC-SHA256 over `<t>.<body>`) the
 * receiver can verify, retried with doubling back-off on failures but not on a 4xx, Slack's format, the
 * events the service emits reaching it, and the address guard refusing a private URL at start with the
 * config key's line. A real HTTP receiver on loopback; waits are recorded, not slept.
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { handoffConfig } from "../../config/handoff-schema.ts";
import { createLogger } from "../../runtime/log/logger.ts";
import { createHandoffRuntime } from "../../runtime/handoff/index.ts";
import { createNotifier, SIGNATURE_HEADER, webhookUrlProblem } from "../../runtime/handoff/notify.ts";
import type { WebhookPayload } from "../../runtime/handoff/notify.ts";
import { createSqliteStore } from "../../runtime/store/index.ts";
import type { Store } from "../../runtime/store/index.ts";

const SECRET = "a-long-shared-secret-for-tests";
const T0 = 1_700_000_000_000;
const USER = "+15550004001";
const logger = createLogger({ level: "silent" });

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let url = "";
const received: Received[] = [];
/** Status codes to answer in turn; 200 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function storeWithUser(): Promise<Store> {
  const store = createSqliteStore(":memory:");
  await store.apply({ at: T0, seen: { userId: USER } });
  return store;
}

/** What a receiver does: recompute the signature over the raw body with the shared secret. */
function verify(r: Received): boolean {
  const header = String(r.headers[SIGNATURE_HEADER.toLowerCase()] ?? "");
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac("sha256", SECRET).update(`${match[1]}.${r.body}`).digest("hex");
  return expected === match[2];
}

describe("the handoff notify webhook", () => {
  it("signs each event, retries failures with doubling back-off, and gives up on a 4xx", async () => {
    received.length = 0;
    const store = await storeWithUser();
    const waits: number[] = [];
    const config = handoffConfig({ webhook: { url, allowPrivate: true, maxAttempts: 4 } }).webhook!;
    const notifier = createNotifier({
      config,
      secret: SECRET,
      handoffs: store.handoffs!,
      clock: { now: () => T0 },
      logger,
      publicUrl: "https://bot.example.com",
      sleep: async (ms) => void waits.push(ms),
    });
    await store.handoffs!.open({ userId: USER, at: T0, reason: "refund", openedBy: "bot", assignee: null, returnTopic: null });
    answers = [503, 500];
    notifier.notify({ type: "opened", userId: USER });
    await notifier.idle();
    expect(received).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
    expect(received.every(verify)).toBe(true);
    expect(received[0]!.headers["x-bot-event"]).toBe("opened");
    const payload = JSON.parse(received[2]!.body) as WebhookPayload;
    expect(payload).toMatchObject({
      event: "opened",
      at: T0,
      user: USER,
      handoff: { state: "waiting", reason: "refund", openedBy: "bot" },
      inbox: "https://bot.example.com/dashboard/inbox/%2B15550004001",
    });
    // A tampered body does not verify.
    expect(verify({ ...received[2]!, body: received[2]!.body.replace("refund", "refunds") })).toBe(false);

    received.length = 0;
    waits.length = 0;
    answers = [400];
    notifier.notify({ type: "message", userId: USER, from: "user", body: "hello?" });
    await notifier.idle();
    expect(received).toHaveLength(1);
    expect(waits).toEqual([]);

    received.length = 0;
    answers = [503, 503, 503, 503, 503];
    notifier.notify({ type: "closed", userId: USER });
    await notifier.idle();
    expect(received).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);
    answers = [];
    await store.close();
  });

  it("posts Slack's incoming-webhook shape when format is slack, signed the same way", async () => {
    received.length = 0;
    const store = await storeWithUser();
    const notifier = createNotifier({
      config: handoffConfig({ webhook: { url, format: "slack", allowPrivate: true } }).webhook!,
      secret: SECRET,
      handoffs: store.handoffs!,
      clock: { now: () => T0 },
      logger,
      publicUrl: null,
    });
    notifier.notify({ type: "message", userId: USER, from: "agent", agent: "Kim", body: "On it." });
    await notifier.idle();
    expect(JSON.parse(received[0]!.body)).toEqual({ text: `Kim → ${USER}: On it.` });
    expect(verify(received[0]!)).toBe(true);
    await store.close();
  });

  it("hears the service's events: take over and an operator's reply", async () => {
    received.length = 0;
    const store = await storeWithUser();
    const { ir } = compile([{ path: "bot.bot", text: "+ *\n- ok\n" }]);
    const runtime = await createHandoffRuntime({
      ir,
      root: os.tmpdir(),
      store,
      clock: { now: () => T0 },
      logger,
      publicUrl: null,
      kick: () => undefined,
      config: handoffConfig({ webhook: { url, allowPrivate: true } }),
      env: { HANDOFF_WEBHOOK_SECRET: SECRET },
    });
    expect((await runtime.service!.takeOver(USER, { agent: "Kim", reason: "VIP" })).status).toBe(201);
    expect((await runtime.service!.reply(USER, { body: "Hello from Kim", agent: "Kim" })).status).toBe(202);
    expect((await runtime.service!.close(USER, {})).status).toBe(200);
    await runtime.notifier!.idle();
    expect(received.map((r) => r.headers["x-bot-event"])).toEqual(["opened", "message", "closed"]);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ message: { from: "agent", body: "Hello from Kim", agent: "Kim" } });
    await runtime.close();
    await store.close();
  });

  it("refuses at start a URL the address guard refuses, naming bot.config.yaml's line, and one without a secret", async () => {
    expect(await webhookUrlProblem(handoffConfig({ webhook: { url: "http://127.0.0.1:9/x" } }).webhook!)).toMatch(/loopback address.*allowPrivate/);
    expect(await webhookUrlProblem(handoffConfig({ webhook: { url: "http://10.1.2.3/x" } }).webhook!)).toMatch(/private address/);
    expect(await webhookUrlProblem(handoffConfig({ webhook: { url: "ftp://example.com/x" } }).webhook!)).toMatch(/not an http\(s\) URL/);
    expect(await webhookUrlProblem(handoffConfig({ webhook: { url: "http://127.0.0.1:9/x", allowPrivate: true } }).webhook!)).toBeNull();

    const root = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-notify-"));
    fs.writeFileSync(path.join(root, "bot.config.yaml"), "sender:\n  type: long-code\nhandoff:\n  webhook:\n    url: http://127.0.0.1:9/hook\n");
    const store = await storeWithUser();
    const { ir } = compile([{ path: "bot.bot", text: "+ *\n- ok\n" }]);
    const start = (env: NodeJS.ProcessEnv) =>
      createHandoffRuntime({ ir, root, store, clock: { now: () => T0 }, logger, publicUrl: null, kick: () => undefined, env });
    await expect(start({ HANDOFF_WEBHOOK_SECRET: SECRET })).rejects.toThrow(
      /bot\.config\.yaml:5: handoff\.webhook\.url is refused: 127\.0\.0\.1 is a loopback address/,
    );
    fs.writeFileSync(path.join(root, "bot.config.yaml"), "handoff:\n  webhook:\n    url: http://127.0.0.1:9/hook\n    allowPrivate: true\n");
    await expect(start({})).rejects.toThrow(/bot\.config\.yaml:3: handoff\.webhook needs a signing secret .* HANDOFF_WEBHOOK_SECRET/);
    await store.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
});
