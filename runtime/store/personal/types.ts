/** @module A user's personal data as the store holds it: the export document, erasure's outcome, the consent ledger and suppression records. */

/** Where an opt-in or opt-out came from. */
export type ConsentSource = "STOP" | "START" | "21610" | "API" | "erase";

export interface ConsentEntry {
  /** The number, or `erased:<hash>` once the user was erased. */
  userId: string;
  optedIn: boolean;
  source: ConsentSource;
  /** The keyword texted (STOP, UNSUBSCRIBE, START …), when there was one. */
  keyword: string | null;
  /** The inbound message (STOP/START) or outbound message (21610) that caused it. */
  sid: string | null;
  at: number;
}

/** A change of opt-in state to record in the ledger, inside the step's own transaction. */
export interface ConsentChange {
  userId: string;
  optedOut: boolean;
  /** The opt-out reason the store keeps: the keyword, `twilio 21610`, `api`, or `suppression` (restored from a suppression record: not a new event). */
  reason: string;
  sid?: string | null;
}

/** What an erased user who had opted out leaves behind: enough to never message them again, nothing to recognise them by. */
export interface Suppression {
  hash: string;
  optedOutAt: number;
  keyword: string | null;
  erasedAt: number;
}

/** Everything held about one user, as one JSON document (`bot users export`, `GET /api/users/:user/export`). */
export interface UserExport {
  userId: string;
  exportedAt: number;
  user: Record<string, unknown> | null;
  messages: Record<string, unknown>[];
  outbox: Record<string, unknown>[];
  inbound: Record<string, unknown>[];
  broadcastRecipients: Record<string, unknown>[];
  handoffs: Record<string, unknown>[];
  consent: ConsentEntry[];
}

export type EraseResult =
  | { ok: true; erasedAs: string; suppressed: boolean; counts: Record<string, number> }
  | { ok: false; reason: "unknown"; message: string }
  | { ok: false; reason: "sending"; message: string };

export interface PersonalStore {
  exportUser(userId: string, now: number): Promise<UserExport | null>;
  /** Removes or anonymises everything about the user in one transaction; keeps the consent ledger (under the hash) and, if opted out, a suppression record. */
  eraseUser(userId: string, at: number): Promise<EraseResult>;
  /** The suppression record of an erased number, if it had opted out. */
  suppression(userId: string): Promise<Suppression | null>;
  consent(userId: string): Promise<ConsentEntry[]>;
}
