/** @module The dashboard's Versions page: the live version, what this process runs, every published version with what it changed, and a button to make one live (a rollback). Mounted inside the signed-in router. */
import express from "express";
import type { Logger } from "pino";
import type { VersionsService } from "../versions/service.ts";
import { esc, page, table, time } from "./html.ts";

export function versionsPages(versions: VersionsService, logger: Logger): express.Router {
  const router = express.Router();
  router.get("/versions", async (_req, res) => {
    const { live, versions: all, history } = await versions.list();
    const process = versions.status();
    const changes = (c: { added: string[]; removed: string[]; changed: string[] }) =>
      [...c.added.map((t) => `+ ${t}`), ...c.removed.map((t) => `− ${t}`), ...c.changed.map((t) => `~ ${t}`)].map(esc).join("<br>") ||
      '<span class="muted">no trigger changes</span>';
    const rows = all.map((v) => [
      `${v.number}${v.live ? " <strong>(live)</strong>" : ""}`,
      esc(time(v.publishedAt)),
      esc(v.publishedBy),
      String(v.triggerCount),
      changes(v.changes),
      esc(v.message ?? ""),
      esc(v.compiler),
      v.live ? "" : `<form method="post" action="/dashboard/versions/${v.number}/live"><button>Make live</button></form>`,
    ]);
    const body = [
      `<dl><dt>Live version</dt><dd>${live === null ? '<span class="muted">none published yet (bot publish &lt;bot&gt;)</span>' : live}</dd>`,
      `<dt>This process runs</dt><dd>${process.running ?? "an unpublished bot"}${process.problem ? ` <span class="err">${esc(process.problem)}</span>` : ""}</dd></dl>`,
      "<h2>Versions</h2>",
      table(["Version", "Published", "By", "Triggers", "Changes from the one before", "Message", "Compiler", ""], rows, "Nothing published yet."),
      "<h2>Live changes</h2>",
      table(
        ["When", "Version", "How", "By"],
        history.map((h) => [esc(time(h.at)), String(h.number), esc(h.action), esc(h.by)]),
      ),
    ].join("\n");
    res.type("html").send(page("Versions", body));
  });
  router.post("/versions/:n/live", async (req, res) => {
    const number = Number(req.params["n"]);
    const result = Number.isSafeInteger(number) && number > 0 ? await versions.setLive(number, "dashboard") : { type: "unknown" as const, versions: [] };
    if (result.type === "unknown") {
      res
        .status(404)
        .type("html")
        .send(page("Versions", `<p class="err">There is no version ${esc(req.params["n"])}.</p><p><a href="/dashboard/versions">Back to the versions</a></p>`));
      return;
    }
    if (result.type === "live") logger.info({ event: "versions.set-live", version: number, by: "dashboard" }, `version ${number} made live from the dashboard`);
    res.redirect(303, "/dashboard/versions");
  });
  return router;
}
