/**
 * @module The dashboard's broadcast form (`/dashboard/broadcasts/new`): body and audience filters, a dry-run preview
 * (the report `bot broadcast --dry-run` prints: recipients, segments, encoding, cost, quiet hours, pace, policy),
 * then a confirmed send. The same calls as the HTTP API's `POST /api/broadcasts/dry-run` and `POST /api/broadcasts`:
 * the broadcast service plans it, `startPlanned` creates it, and the runtime's broadcast worker sends it. No script:
 * plain form posts, under the dashboard's session and same-origin rules.
 */
import express from "express";
import type { Logger } from "pino";
import { formatDryRun } from "../broadcast/format.ts";
import type { BroadcastService } from "../broadcast/service.ts";
import { startPlanned } from "../broadcast/start.ts";
import { esc, page } from "./html.ts";

interface FormInput {
  body: string;
  where: string[];
}

export function broadcastFormPages(service: BroadcastService, logger: Logger): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "64kb" });

  router.get("/broadcasts/new", (_req, res) => void res.type("html").send(formPage({ body: "", where: [] }, "")));

  router.post("/broadcasts/new", form, async (req, res) => {
    const fields = req.body as Record<string, unknown>;
    const input: FormInput = {
      body: typeof fields["body"] === "string" ? fields["body"] : "",
      where: (typeof fields["where"] === "string" ? fields["where"] : "")
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    };
    const now = service.clock.now();
    const result = await service.plan({ body: input.body, bodyFile: "<body>", where: input.where, rate: null, startAt: now }, "api");
    if (result.type === "usage")
      return void res
        .status(400)
        .type("html")
        .send(formPage(input, problem(result.message)));
    if (result.type === "invalid-body") {
      const lines = result.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`);
      return void res
        .status(422)
        .type("html")
        .send(formPage(input, problem(result.message) + `<pre class="err">${esc(lines.join("\n"))}</pre>`));
    }
    const { plan } = result;
    const preview = `<h2>Preview (dry run)</h2><pre id="preview">${esc(formatDryRun(plan.report, now).join("\n"))}</pre>`;
    if (fields["action"] !== "send") return void res.type("html").send(formPage(input, preview + sendForm(input, plan.report)));

    if (plan.report.confirm !== null && fields["confirm"] !== "yes")
      return void res
        .status(422)
        .type("html")
        .send(formPage(input, problem(`${plan.report.confirm}: tick the confirmation to send it anyway.`) + preview + sendForm(input, plan.report)));
    const started = await startPlanned(service.broadcasts, plan, now, null);
    switch (started.type) {
      case "started":
        logger.info(
          { event: "broadcast.created", broadcast: started.broadcast.id, recipients: started.broadcast.recipients },
          `broadcast ${started.broadcast.id} created from the dashboard for ${started.broadcast.recipients} recipient(s)`,
        );
        return void res.redirect(303, `/dashboard/broadcasts/${started.broadcast.id}`);
      case "refused":
        return void res
          .status(422)
          .type("html")
          .send(formPage(input, problem(started.message) + preview));
      case "duplicate":
        return void res
          .status(409)
          .type("html")
          .send(
            formPage(input, problem(started.message) + `<p><a href="/dashboard/broadcasts/${started.existing.id}">Broadcast #${started.existing.id}</a></p>`),
          );
      default: {
        const _exhaustive: never = started;
        return _exhaustive;
      }
    }
  });
  return router;
}

const problem = (message: string) => `<p class="err" role="alert">${esc(message)}</p>`;

function formPage(input: FormInput, below: string): string {
  return page(
    "New broadcast",
    `<form method="post" action="/dashboard/broadcasts/new">
<p><label>Message<br><textarea name="body" rows="4" cols="60" required>${esc(input.body)}</textarea></label></p>
<p><label>Audience filters, one per line (NAME = V, != V, &lt; N, &gt; N, contains T, exists; empty: every subscriber)<br><textarea name="where" rows="3" cols="60">${esc(input.where.join("\n"))}</textarea></label></p>
<p><button name="action" value="preview">Preview</button></p></form>${below}`,
  );
}

/** The send button for a previewed plan, with the same body and filters; a confirmation box when the report asks for one. */
function sendForm(input: FormInput, report: { verdict: { ok: boolean }; recipients: number; confirm: string | null }): string {
  if (!report.verdict.ok) return problem("Refused by policy: nothing can be sent (see the preview).");
  if (report.recipients === 0) return problem("No recipients: nobody matches (or all opted out).");
  const confirm = report.confirm === null ? "" : `<p><label><input type="checkbox" name="confirm" value="yes"> ${esc(report.confirm)}: send anyway</label></p>`;
  return `<form method="post" action="/dashboard/broadcasts/new"><input type="hidden" name="body" value="${esc(input.body)}"><input type="hidden" name="where" value="${esc(input.where.join("\n"))}">${confirm}<p><button name="action" value="send">Send to ${report.recipients} recipient(s)</button></p></form>`;
}
