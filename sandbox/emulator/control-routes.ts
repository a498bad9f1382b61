/** @module `/_emulator/…`: the inspection and control API other processes (tests, the phone simulator) use. */
import express, { type NextFunction, type Request, type Response } from "express";
import { localOnly } from "../../runtime/http/local-only.ts";
import type { Emulator, EmulatorEvent, Fault, InboundOptions } from "./types.ts";

function badRequest(res: Response, message: string): void {
  res.status(400).json({ error: message });
}

function isFault(value: unknown): value is Fault {
  if (typeof value !== "object" || value === null) return false;
  const fault = value as Record<string, unknown>;
  if (fault["type"] === "status") return [429, 500, 502, 503].includes(fault["status"] as number);
  return fault["type"] === "hang" || fault["type"] === "close";
}

function isInbound(value: unknown): value is InboundOptions {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["from"] === "string" && typeof v["to"] === "string" && typeof v["body"] === "string";
}

/** Server-sent events, so a browser page can follow messages and statuses live. */
function streamEvents(emulator: Emulator, req: Request, res: Response): void {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
  res.write(": connected\n\n");
  const listener = (event: EmulatorEvent) => {
    const data = event.type === "optOut" ? event : { type: event.type, message: event.message };
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  emulator.events.on("event", listener);
  req.on("close", () => emulator.events.off("event", listener));
}

/**
 * The control API hands out the auth token and every conversation, and injects messages, so only its
 * own callers may use it: the shared local-only guard (runtime/http/local-only.ts), with the auth token
 * as the key and the emulator's own URL as the only page origin.
 */
export function controlGuard(
  emulator: Pick<Emulator, "authToken" | "url">,
  log: (line: string) => void,
): (req: Request, res: Response, next: NextFunction) => void {
  return localOnly({ token: () => emulator.authToken, ownOrigin: new URL(emulator.url).origin, name: "the emulator's control API", log });
}

export function controlRoutes(emulator: Emulator, log: (line: string) => void = () => undefined): express.Router {
  const router = express.Router();
  router.use(controlGuard(emulator, log));
  router.use(express.json());

  router.get("/", (_req, res) => {
    res.json({ url: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken, behavior: emulator.behavior() });
  });
  router.patch("/config", (req, res) => {
    try {
      emulator.configure(req.body ?? {});
      res.json(emulator.behavior());
    } catch (error) {
      badRequest(res, error instanceof Error ? error.message : String(error));
    }
  });
  router.get("/messages", (req, res) => {
    const to = typeof req.query["to"] === "string" ? req.query["to"] : undefined;
    const phone = typeof req.query["phone"] === "string" ? req.query["phone"] : undefined;
    const all = to ? emulator.messagesTo(to) : emulator.messages();
    res.json(phone ? all.filter((m) => m.to === phone || m.from === phone) : all);
  });
  router.get("/messages/:sid", (req, res) => {
    const message = emulator.message(req.params.sid);
    if (message) res.json(message);
    else res.status(404).json({ error: `no message ${req.params.sid}` });
  });
  router.post("/inbound", async (req, res) => {
    if (!isInbound(req.body)) return badRequest(res, "expected JSON { from, to, body, mediaUrls?, facts?, url? }");
    try {
      res.json(await emulator.sendInbound(req.body));
    } catch (error) {
      badRequest(res, error instanceof Error ? error.message : String(error));
    }
  });
  router.post("/faults", (req, res) => {
    if (!isFault(req.body)) return badRequest(res, 'expected a fault: { type: "status", status: 429|500|502|503 } | { type: "hang" } | { type: "close" }');
    try {
      emulator.injectFault(req.body);
      res.status(201).json(req.body);
    } catch (error) {
      badRequest(res, error instanceof Error ? error.message : String(error));
    }
  });
  router.delete("/faults", (_req, res) => {
    emulator.clearFaults();
    res.sendStatus(204);
  });
  router.get("/opt-outs", (req, res) => {
    const phone = req.query["phone"];
    const sender = req.query["sender"];
    if (typeof phone !== "string" || typeof sender !== "string") return badRequest(res, "expected ?phone=…&sender=…");
    res.json({ phone, sender, optedOut: emulator.isOptedOut(phone, sender) });
  });
  router.post("/opt-outs", (req, res) => {
    const { phone, sender, optedOut } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof phone !== "string" || typeof sender !== "string" || typeof optedOut !== "boolean") {
      return badRequest(res, "expected JSON { phone, sender, optedOut }");
    }
    emulator.setOptOut(phone, sender, optedOut);
    res.json({ phone, sender, optedOut });
  });
  router.post("/settle", async (_req, res) => {
    await emulator.settle();
    res.sendStatus(204);
  });
  router.post("/reset", (_req, res) => {
    emulator.reset();
    res.sendStatus(204);
  });
  router.get("/events", (req, res) => streamEvents(emulator, req, res));
  return router;
}
