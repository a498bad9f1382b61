/**
 * @module What a signed Twilio webhook must look like beyond its signature. Twilio's signature
 * concatenates sorted keys and values without separators, so a captured request can be re-split
 * (`NumMedia` moved into the `MessageSid` value) and still verify; exact sid shapes, the configured
 * account and single-valued keys make every such variant fail, and the validated sid is the idempotency key.
 */

/** A message sid: `SM` (SMS) or `MM` (MMS) and 32 hex digits, nothing before or after. */
export const MESSAGE_SID = /^(?:SM|MM)[0-9a-f]{32}$/i;
/** An account sid: `AC` and 32 hex digits. */
export const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;

export type WebhookFields = { ok: true; fields: Record<string, string> } | { ok: false; error: string };

/** Every key once, as a string: a repeated key (an array after parsing) is refused, not picked from. */
export function singleValued(body: unknown): WebhookFields {
  const fields: Record<string, string> = {};
  if (body === null || typeof body !== "object") return { ok: true, fields };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== "string") return { ok: false, error: `parameter ${JSON.stringify(key.slice(0, 40))} is repeated` };
    fields[key] = value;
  }
  return { ok: true, fields };
}

/**
 * The sid of a signed webhook, checked: `MessageSid` of the right shape, the legacy `SmsMessageSid` and
 * `SmsSid` (when present; `webhook-keys.ts` requires them) equal to it, and `AccountSid` equal to the
 * configured account.
 */
export function validatedSid(fields: Record<string, string>, accountSid: string): { sid: string } | SidProblem {
  const sid = fields["MessageSid"] ?? fields["SmsMessageSid"];
  if (sid === undefined || sid.trim() === "") return { rule: "missing-key", error: "missing MessageSid" };
  if (!MESSAGE_SID.test(sid))
    return { rule: "format", error: `MessageSid ${JSON.stringify(sid.slice(0, 48))} is not a Twilio message sid (SM or MM and 32 hex digits)` };
  for (const alias of ["SmsMessageSid", "SmsSid"]) {
    const value = fields[alias];
    if (value !== undefined && value !== sid) return { rule: "legacy-sid", error: `${alias} differs from MessageSid` };
  }
  const account = fields["AccountSid"];
  if (account === undefined) return { rule: "missing-key", error: "missing AccountSid" };
  if (account !== accountSid) return { rule: "account", error: `AccountSid ${JSON.stringify(account.slice(0, 40))} is not this runtime's account` };
  return { sid };
}

/** Why a sid or account is refused; the rule names the check in logs. */
export interface SidProblem {
  rule: "missing-key" | "format" | "legacy-sid" | "account";
  error: string;
}
