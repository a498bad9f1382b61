/** @module `createSimulatorRouter`: the sandbox phone simulator, a static page plus a small JSON/SSE API in front of the emulator. */
import { fileURLToPath } from "node:url";
import express from "express";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { Clock } from "../../engine/types.ts";
import type { Store } from "../../runtime/store/index.ts";
import { countSegments } from "../../runtime/twilio/segments.ts";
import { describeKeywordAction, keywordAction, type HelpMode, type KeywordAction } from "../../sms/keywords/index.ts";
import { localOnly } from "../../runtime/http/local-only.ts";
import { createEmulatorClient, EmulatorUnreachable } from "./emulator-client.ts";
import type { EmulatorClient } from "./emulator-client.ts";
import { pendingParts } from "./pending.ts";
import { involves, toSimMessage } from "./view.ts";

export interface SimulatorOptions {
  /** Base URL of the Twilio emulator, e.g. `http://127.0.0.1:4010` (its `/_emulator` API is used). */
  emulatorUrl: string;
  /** The bot's number: what the simulated phone texts. */
  botNumber: string;
  /** The runtime's store: lets the page show a typing indicator while reply parts are still due, and the user's opt-out state. */
  store?: Pick<Store, "listOutbox" | "getUser">;
  /** The runtime's help mode (`config.help`), so the page can say who answers HELP (default `twilio`). */
  help?: HelpMode;
  /** The runtime's clock (due times are on it). */
  clock?: Clock;
  /** The number the page starts with (default +15555550100). */
  defaultPhone?: string;
  logger?: Logger;
  /** The emulator's auth token, which lets a caller that is not local use the API; absent: asked of the emulator when a caller sends one. */
  emulatorToken?: string;
  /** Redirect `GET /` to the page (default true; the runtime has nothing else at `/`). */
  redirectRoot?: boolean;
  /** The published version the bot answers with now (docs/versions.md): the page notes each reload (`--watch`, a publish). */
  version?: () => number | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
/** Longest body accepted from the page; Twilio's own limit for one message. */
const MAX_BODY = 1600;

export function createSimulatorRouter(options: SimulatorOptions): express.Router {
  if (!E164.test(options.botNumber)) throw new Error(`the simulator needs the bot's number in E.164 (e.g. +15005550006), got "${options.botNumber}"`);
  const emulator = createEmulatorClient(options.emulatorUrl);
  const clock = options.clock ?? { now: () => Date.now() };
  const router = express.Router();

  if (options.redirectRoot ?? true) router.get("/", (_req, res) => res.redirect(302, "/simulator/"));
  router.use("/simulator", express.static(PUBLIC_DIR, { index: "index.html", maxAge: 0 }));
  const api = express.Router();
  router.use("/simulator/api", api);
  // The API reads any number's conversation and texts the bot as any number: the emulator's own guard,
  // with the page's origin being whatever loopback name it was opened under.
  let token: Promise<string> | null = options.emulatorToken === undefined ? null : Promise.resolve(options.emulatorToken);
  api.use(
    localOnly({
      token: () => (token ??= emulator.authToken().catch((error: Error) => ((token = null), Promise.reject(error)))),
      name: "the simulator's API",
      log: (line) => options.logger?.warn({ event: "simulator.refused", rule: "local-only" }, `simulator: ${line}`),
    }),
  );
  api.use(express.json({ limit: "16kb" }));

  api.get("/config", (_req, res) => {
    res.json({ botNumber: options.botNumber, defaultPhone: options.defaultPhone ?? "+15555550100", typing: options.store !== undefined });
  });
  api.get("/version", (_req, res) => {
    res.json({ version: options.version?.() ?? null });
  });
  api.get("/segments", (req, res) => {
    const body = typeof req.query["body"] === "string" ? req.query["body"] : "";
    res.json(countSegments(body));
  });
  api.get(
    "/messages",
    guarded(options.logger, async (req, res) => {
      const phone = phoneParam(req, res);
      if (!phone) return;
      res.json((await emulator.conversation(phone)).map(toSimMessage));
    }),
  );
  api.get(
    "/pending",
    guarded(options.logger, async (req, res) => {
      const phone = phoneParam(req, res);
      if (!phone) return;
      res.json(await pendingParts(options.store, phone, clock.now()));
    }),
  );
  api.post(
    "/send",
    guarded(options.logger, async (req, res) => {
      const { from, body } = (req.body ?? {}) as { from?: unknown; body?: unknown };
      if (typeof from !== "string" || !E164.test(from)) return badRequest(res, `"from" must be a phone number in E.164, e.g. +15555550100`);
      if (from === options.botNumber) return badRequest(res, `"from" is the bot's own number; pick another one`);
      if (typeof body !== "string" || body.trim() === "") return badRequest(res, `"body" must be a non-empty text`);
      if (body.length > MAX_BODY) return badRequest(res, `"body" is ${body.length} characters; Twilio takes at most ${MAX_BODY}`);
      // What the runtime's keyword layer will do with it (the same function, on the state before this message).
      const optedOut = (await options.store?.getUser(from))?.optedOut ?? false;
      const action: KeywordAction = keywordAction({ body }, { optedOut, help: options.help ?? "twilio" });
      const result = await emulator.sendInbound({ from, to: options.botNumber, body });
      const webhook = result.error ? { ok: false, error: result.error } : { ok: (result.status ?? 0) < 400, status: result.status };
      if (!webhook.ok)
        options.logger?.warn(
          { event: "simulator.webhook", from, ...webhook },
          `simulator: the bot's webhook did not accept the message from ${from} (${result.error ?? `HTTP ${result.status}`}); see the lines above`,
        );
      res.json({ message: toSimMessage(result.message), webhook, keyword: { type: action.type, note: describeKeywordAction(action) } });
    }),
  );
  api.get("/events", (req, res) => {
    const phone = phoneParam(req, res);
    if (phone) relayEvents(emulator, phone, req, res, options.logger);
  });
  return router;
}

/** Relays the emulator's events for one phone as server-sent events, each message enriched with its segments and encoding. */
function relayEvents(emulator: EmulatorClient, phone: string, req: Request, res: Response, logger: Logger | undefined): void {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
  // An ended stream is retried by the browser's EventSource after this long.
  res.write("retry: 1000\n: connected\n\n");
  const abort = new AbortController();
  req.on("close", () => abort.abort());
  emulator
    .follow((event) => {
      if (event.type === "optOut") {
        if (event.phone === phone) res.write(`event: optOut\ndata: ${JSON.stringify(event)}\n\n`);
        return;
      }
      if (event.type === "callback" || !involves(event.message, phone)) return;
      res.write(`event: ${event.type}\ndata: ${JSON.stringify({ type: event.type, message: toSimMessage(event.message) })}\n\n`);
    }, abort.signal)
    .catch((error: Error) => {
      logger?.warn({ event: "simulator.events", err: error }, `simulator: lost the emulator's event stream (${error.message}); the page reconnects by itself`);
    })
    .finally(() => res.end());
}

function phoneParam(req: Request, res: Response): string | null {
  const phone = req.query["phone"];
  if (typeof phone === "string" && E164.test(phone)) return phone;
  badRequest(res, `"phone" must be a phone number in E.164, e.g. ?phone=%2B15555550100`);
  return null;
}

function badRequest(res: Response, error: string): void {
  res.status(400).json({ error });
}

/** An unreachable emulator becomes a 502 the page can show; anything else a 500 with a log line. */
function guarded(logger: Logger | undefined, handler: (req: Request, res: Response) => Promise<void>): express.RequestHandler {
  return (req, res) => {
    handler(req, res).catch((error: Error) => {
      const unreachable = error instanceof EmulatorUnreachable;
      logger?.error({ event: "simulator.error", err: error }, `simulator: ${req.method} ${req.originalUrl} failed: ${error.message}`);
      if (!res.headersSent) res.status(unreachable ? 502 : 500).json({ error: unreachable ? error.message : "internal error; see the server log" });
    });
  };
}
