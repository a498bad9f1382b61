/**
 * @module The handoff routes of the HTTP API (docs/api.md, docs/handoff.md): the inbox's list, one
 * conversation, take over, an operator's reply (202 with the outbox row id) and close. `:user` is the E.164
 * number, URL-encoded. Bad input answers 404 (unknown user), 409 (closed or opted out) or 422 (too long, no
 * such topic, unusable media), and nothing is sent.
 */
import express from "express";
import type { Logger } from "pino";
import type { HandoffService, Outcome } from "../handoff/index.ts";
import type { HandoffState } from "../store/index.ts";

const STATES: readonly HandoffState[] = ["waiting", "active", "closed"];
const E164 = /^\+[1-9]\d{6,14}$/;

/** The public shape of a handoff (the fields and the counts). */
export function handoffJson(h: {
  userId: string;
  state: string;
  reason: string | null;
  openedBy: string;
  openedAt: number;
  lastUserAt: number | null;
  lastAgentAt: number | null;
  assignee: string | null;
  userMessages: number;
  agentMessages: number;
  returnTopic: string | null;
  closedAt: number | null;
  closedBy: string | null;
}) {
  return {
    user: h.userId,
    state: h.state,
    reason: h.reason,
    openedBy: h.openedBy,
    openedAt: h.openedAt,
    lastUserAt: h.lastUserAt,
    lastAgentAt: h.lastAgentAt,
    assignee: h.assignee,
    userMessages: h.userMessages,
    agentMessages: h.agentMessages,
    returnTopic: h.returnTopic,
    closedAt: h.closedAt,
    closedBy: h.closedBy,
  };
}

export function handoffRoutes(service: HandoffService, logger: Logger): express.Router {
  const router = express.Router();

  const answer = <T>(res: express.Response, outcome: Outcome<T>, body: (value: T) => unknown, what: string, user: string): void => {
    if (outcome.ok) {
      res.status(outcome.status).json(body(outcome.value));
      return;
    }
    if (outcome.status !== 404)
      logger.info(
        { event: "handoff.refused", userId: user, status: outcome.status },
        `handoff ${what} for ${user} refused with ${outcome.status}: ${outcome.error}`,
      );
    res.status(outcome.status).json({ error: outcome.error });
  };
  const user = (req: express.Request): string | null => {
    const raw = String(req.params["user"] ?? "").trim();
    return E164.test(raw) ? raw : null;
  };
  const badUser = (res: express.Response, req: express.Request) =>
    res.status(404).json({ error: `"${String(req.params["user"])}" is not an E.164 phone number (URL-encode it: %2B15551234567)` });

  router.get("/handoffs", async (req, res) => {
    const state = req.query["state"];
    if (state !== undefined && !STATES.includes(state as HandoffState)) {
      res.status(400).json({ error: "state: one of waiting, active, closed (absent: waiting and active)" });
      return;
    }
    const list = await service.list(state as HandoffState | undefined);
    res.json({ handoffs: list.map(handoffJson) });
  });

  router.get("/handoffs/:user", async (req, res) => {
    const id = user(req);
    if (id === null) return void badUser(res, req);
    answer(res, await service.get(id), (v) => ({ handoff: handoffJson(v.handoff), messages: v.messages }), "read", id);
  });

  router.post("/handoffs/:user", async (req, res) => {
    const id = user(req);
    if (id === null) return void badUser(res, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    answer(res, await service.takeOver(id, { reason: body["reason"], agent: body["agent"] }), (h) => ({ handoff: handoffJson(h) }), "take over", id);
  });

  router.post("/handoffs/:user/messages", async (req, res) => {
    const id = user(req);
    if (id === null) return void badUser(res, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    answer(
      res,
      await service.reply(id, { body: body["body"], mediaUrl: body["mediaUrl"], agent: body["agent"] }),
      (v) => ({ id: v.id, handoff: handoffJson(v.handoff) }),
      "reply",
      id,
    );
  });

  router.post("/handoffs/:user/close", async (req, res) => {
    const id = user(req);
    if (id === null) return void badUser(res, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    answer(
      res,
      await service.close(id, { returnTopic: body["returnTopic"], message: body["message"], agent: body["agent"] }),
      (h) => ({ handoff: handoffJson(h) }),
      "close",
      id,
    );
  });
  return router;
}
