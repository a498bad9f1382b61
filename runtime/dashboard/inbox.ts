/**
 * @module The operator inbox in the dashboard (docs/handoff.md): the waiting and active handoffs (oldest
 * first, with the reason, the waiting time and the last message), one conversation with the bot's history
 * before the handoff, a composer (text and a media picker of the bot folder's files), Take over, Close and
 * Close with topic. Plain forms that work without script; `inbox.js` (same origin, so the CSP allows it)
 * refreshes the list and the conversation from server-sent events, which poll the store so a message that
 * reached another `bot run` process shows too.
 */
import express from "express";
import type { Logger } from "pino";
import type { HandoffService } from "../handoff/index.ts";
import type { HandoffMessage, HandoffRecord } from "../store/index.ts";
import { esc, page, time } from "./html.ts";

const E164 = /^\+[1-9]\d{6,14}$/;

function waited(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const href = (userId: string) => `/dashboard/inbox/${encodeURIComponent(userId)}`;

async function listFragment(service: HandoffService, now: number): Promise<string> {
  const open = await service.list();
  if (open.length === 0) return `<p class="muted">Nobody is waiting for a person.</p>`;
  const rows: string[] = [];
  for (const h of open) {
    const found = await service.get(h.userId, 1);
    const last = found.ok ? found.value.messages[0] : undefined;
    rows.push(
      `<tr data-user="${esc(h.userId)}"><td><a href="${esc(href(h.userId))}">${esc(h.userId)}</a></td><td>${esc(h.state)}</td><td>${esc(h.reason ?? "")}</td>` +
        `<td>${esc(waited(now - h.openedAt))}</td><td>${esc(h.assignee ?? "")}</td><td>${last ? `${esc(last.origin)}: ${esc(last.body.slice(0, 120))}` : ""}</td></tr>`,
    );
  }
  return `<table><caption class="muted">Oldest first</caption><thead><tr><th scope="col">User</th><th scope="col">State</th><th scope="col">Reason</th><th scope="col">Waiting</th><th scope="col">Assignee</th><th scope="col">Last message</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function messagesFragment(messages: HandoffMessage[], handoff: HandoffRecord | null): string {
  if (messages.length === 0) return `<p class="muted">No messages yet.</p>`;
  const items = messages.map((m) => {
    const during = handoff !== null && m.at >= handoff.openedAt && (handoff.closedAt === null || m.at <= handoff.closedAt);
    const who = m.origin === "agent" ? `Agent ${m.agent ?? ""}` : m.origin === "bot" ? "Bot" : "User";
    const media = m.media.map((u) => ` <span class="muted">[${esc(u)}]</span>`).join("");
    return `<li class="msg ${esc(m.origin)}${during ? " during" : ""}"><span class="muted">${esc(time(m.at))}</span> <strong>${esc(who)}</strong>: <span class="body">${esc(m.body)}</span>${media}</li>`;
  });
  return `<ol class="conversation">${items.join("")}</ol>`;
}

function conversationPage(service: HandoffService, user: string, handoff: HandoffRecord | null, messages: HandoffMessage[], notice: string | null): string {
  const open = handoff !== null && handoff.state !== "closed";
  const topics = service.topics();
  const files = service.mediaFiles();
  const action = (path: string) => `${href(user)}/${path}`;
  const details = !handoff
    ? `<p>Not handed to a person: the bot answers. Take the conversation over to answer yourself.</p>`
    : `<dl><dt>State</dt><dd id="state">${esc(handoff.state)}</dd><dt>Reason</dt><dd>${esc(handoff.reason ?? "none given")}</dd>
<dt>Opened</dt><dd>${esc(time(handoff.openedAt))} by ${esc(handoff.openedBy)}</dd><dt>Assignee</dt><dd>${esc(handoff.assignee ?? "nobody yet")}</dd>
${handoff.closedAt ? `<dt>Closed</dt><dd>${esc(time(handoff.closedAt))} (${esc(handoff.closedBy ?? "")}), back to topic ${esc(handoff.returnTopic ?? "")}</dd>` : ""}</dl>`;
  const agent = `<label for="agent-name">Your name</label> <input id="agent-name" name="agent" autocomplete="name" maxlength="100" value="operator">`;
  const composer = open
    ? `<form method="post" action="${esc(action("messages"))}" id="composer" aria-label="Reply to ${esc(user)}">
<p>${agent}</p>
<p><label for="reply-body">Message</label><br><textarea id="reply-body" name="body" rows="3" cols="60" maxlength="1600" required></textarea></p>
<p><label for="reply-media">Attach a file from the bot folder</label> <select id="reply-media" name="mediaUrl"><option value="">No attachment</option>${files
        .map((f) => `<option value="${esc(f)}">${esc(f)}</option>`)
        .join("")}</select></p>
<p><button type="submit">Send</button></p></form>
<form method="post" action="${esc(action("close"))}" aria-label="Close the handoff"><input type="hidden" name="agent" value="operator">
<button type="submit" name="mode" value="close">Close</button></form>
<form method="post" action="${esc(action("close"))}" aria-label="Close with a topic">
<p><label for="close-topic">Return topic</label> <select id="close-topic" name="returnTopic">${topics
        .map((t) => `<option${t === service.config.returnTopic ? " selected" : ""}>${esc(t)}</option>`)
        .join("")}</select>
<label for="close-message">Closing message (optional)</label> <input id="close-message" name="message" maxlength="1600" size="40">
<button type="submit">Close with topic</button></p></form>`
    : `<form method="post" action="${esc(action("take"))}" aria-label="Take over"><p>${agent} <button type="submit">Take over</button></p></form>`;
  const take =
    open && handoff?.state === "waiting"
      ? `<form method="post" action="${esc(action("take"))}" aria-label="Take over"><input type="hidden" name="agent" value="operator"><button type="submit">Take over</button></form>`
      : "";
  return page(
    `Conversation with ${user}`,
    `${notice ? `<p class="err" role="alert">${esc(notice)}</p>` : ""}${details}${take}
<section aria-labelledby="messages-heading"><h2 id="messages-heading">Messages</h2><div id="messages" aria-live="polite" data-user="${esc(user)}">${messagesFragment(messages, handoff)}</div></section>
<section aria-labelledby="reply-heading"><h2 id="reply-heading">${open ? "Reply" : "Closed"}</h2>${composer}</section>
<p><a href="/dashboard/inbox">Back to the inbox</a></p><script src="/dashboard/inbox/inbox.js" defer></script>`,
  );
}

/** The page script: refreshes the list or the conversation when the server says a handoff changed. */
const SCRIPT = `(() => {
  const messages = document.getElementById("messages");
  const list = document.getElementById("inbox-list");
  const user = messages ? messages.dataset.user : null;
  const refresh = async () => {
    if (messages) {
      const res = await fetch(location.pathname + "/fragment", { credentials: "same-origin" });
      if (res.ok) messages.innerHTML = await res.text();
    } else if (list) {
      const res = await fetch("/dashboard/inbox/fragment", { credentials: "same-origin" });
      if (res.ok) list.innerHTML = await res.text();
    }
  };
  const events = new EventSource("/dashboard/inbox/events");
  events.addEventListener("handoff", (e) => {
    const data = JSON.parse(e.data);
    if (!user || data.user === user) refresh();
  });
  events.addEventListener("tick", () => { if (messages) refresh(); });
})();`;

export interface InboxOptions {
  now: () => number;
  /** How often the live-update stream polls the store (default 1 s). */
  pollMs?: number;
}

export function inboxPages(service: HandoffService, logger: Logger, options: InboxOptions): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "16kb" });
  const userOf = (req: express.Request): string | null => {
    const raw = String(req.params["user"] ?? "");
    return E164.test(raw) ? raw : null;
  };
  const notFound = (res: express.Response, what: string) =>
    void res
      .status(404)
      .type("html")
      .send(page("Not found", `<p class="err">${esc(what)}</p>`));

  router.get("/inbox", async (_req, res) => {
    res
      .type("html")
      .send(
        page(
          "Inbox",
          `<p>Conversations handed to a person. This list updates by itself.</p><div id="inbox-list" aria-live="polite">${await listFragment(service, options.now())}</div><script src="/dashboard/inbox/inbox.js" defer></script>`,
        ),
      );
  });
  router.get("/inbox/fragment", async (_req, res) => void res.type("html").send(await listFragment(service, options.now())));
  router.get("/inbox/inbox.js", (_req, res) => void res.type("application/javascript").set("Cache-Control", "no-cache").send(SCRIPT));
  router.get("/inbox/events", (req, res) => {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.write("retry: 2000\n\n");
    let since = options.now();
    let polling = false;
    const send = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    const poll = async () => {
      if (polling) return;
      polling = true;
      try {
        for (const h of await service.changedSince(since)) {
          since = Math.max(since, h.updatedAt);
          send("handoff", { user: h.userId, state: h.state });
        }
        send("tick", {});
      } catch (error) {
        logger.warn({ event: "inbox.events-failed", error: String(error) }, `the inbox's live updates could not read the store: ${String(error)}; retrying`);
      } finally {
        polling = false;
      }
    };
    // This process's own events at once; the poll brings other processes' (and repeats ours harmlessly).
    const off = service.events.on((event) => send("handoff", { user: event.userId, type: event.type }));
    const timer = setInterval(() => void poll(), options.pollMs ?? 1000);
    req.on("close", () => {
      clearInterval(timer);
      off();
    });
  });
  router.get("/inbox/:user", async (req, res) => {
    const user = userOf(req);
    if (user === null) return notFound(res, "Not a phone number.");
    const found = await service.conversation(user);
    if (!found) return notFound(res, `unknown user ${user}: no message from or to this number is stored`);
    const notice = typeof req.query["notice"] === "string" ? req.query["notice"] : null;
    res.type("html").send(conversationPage(service, user, found.handoff, found.messages, notice));
  });
  router.get("/inbox/:user/fragment", async (req, res) => {
    const user = userOf(req);
    if (user === null) return notFound(res, "Not a phone number.");
    const found = await service.conversation(user);
    if (!found) return notFound(res, `unknown user ${user}`);
    res.type("html").send(messagesFragment(found.messages, found.handoff));
  });
  const back = (res: express.Response, user: string, outcome: { ok: boolean; error?: string }) =>
    res.redirect(303, `${href(user)}${outcome.ok ? "" : `?notice=${encodeURIComponent(outcome.error ?? "refused")}`}`);
  const body = (req: express.Request) => (req.body ?? {}) as Record<string, unknown>;
  router.post("/inbox/:user/messages", form, async (req, res) => {
    const user = userOf(req);
    if (user === null) return notFound(res, "Not a phone number.");
    const b = body(req);
    back(res, user, await service.reply(user, { body: b["body"], mediaUrl: b["mediaUrl"], agent: b["agent"] }));
  });
  router.post("/inbox/:user/take", form, async (req, res) => {
    const user = userOf(req);
    if (user === null) return notFound(res, "Not a phone number.");
    back(res, user, await service.takeOver(user, { agent: body(req)["agent"] }));
  });
  router.post("/inbox/:user/close", form, async (req, res) => {
    const user = userOf(req);
    if (user === null) return notFound(res, "Not a phone number.");
    const b = body(req);
    back(res, user, await service.close(user, { returnTopic: b["returnTopic"], message: b["message"], agent: b["agent"] }));
  });
  return router;
}
