/** @module The dashboard's personal-data parts: a user's consent ledger, and the page of an erased user (statuses and the ledger are all that is left). */
import type { BroadcastService } from "../broadcast/service.ts";
import type { ConsentEntry } from "../store/personal/types.ts";
import { esc, page, table, time } from "./html.ts";

const SOURCE: Record<ConsentEntry["source"], string> = {
  STOP: "texted an opt-out keyword",
  START: "texted an opt-in keyword",
  "21610": "Twilio refused a message: the user had opted out (21610)",
  API: "through the API",
  erase: "erased",
};

/** The ledger as a section of the user page: every opt-out and opt-in, its source and the message that caused it. */
export async function consentSection(service: BroadcastService, id: string): Promise<string> {
  const entries = (await service.store.personal?.consent(id)) ?? [];
  const rows = entries.map((c) => [
    esc(time(c.at)),
    c.optedIn ? "opted in" : `<span class="err">opted out</span>`,
    esc(`${c.source}${c.keyword && c.keyword !== c.source ? ` (${c.keyword})` : ""}: ${SOURCE[c.source]}`),
    esc(c.sid ?? ""),
  ]);
  return `<h2>Consent</h2>${entries.length === 0 ? "<p>No opt-out or opt-in recorded.</p>" : table(["When", "State", "Source", "Message"], rows)}`;
}

/** An erased user (`erased:<hash>`): no number, no bodies, no variables; the message statuses and the consent ledger. */
export async function erasedUserPage(service: BroadcastService, id: string): Promise<string | null> {
  if (!/^erased:[0-9a-f]{16}$/.test(id)) return null;
  const messages = await service.broadcasts.searchLogs({ userId: id, newestFirst: true, limit: 50 });
  const consent = await consentSection(service, id);
  if (messages.length === 0 && consent.includes("No opt-out")) return null;
  const rows = messages.map((m) => [
    esc(time(m.at)),
    m.direction === "in" ? "in" : "out",
    esc(m.status ?? ""),
    esc(m.errorCode === null ? "" : String(m.errorCode)),
  ]);
  return page(
    "Erased user",
    `<p>This user was <strong>erased</strong>: their number, session, variables and message bodies are gone. What is left is each message's time and status, and the consent ledger, which carriers expect to be kept.</p>${consent}<h2>Messages</h2>${table(["When", "Direction", "Status", "Error"], rows)}`,
  );
}
