/** @module Address checks the way Twilio applies them to `To` and `From`, and the opt-out scope of a sender. */
import type { EmulatorBehavior } from "./types.ts";

const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
/** Alphanumeric sender IDs: up to 11 characters, at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isE164(value: string): boolean {
  return E164.test(value);
}

export function isValidSender(value: string): boolean {
  return E164.test(value) || SHORT_CODE.test(value) || ALPHANUMERIC_SENDER.test(value);
}

/** The emulator never sends traffic off the machine: callbacks and webhooks must target loopback. */
export function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.hostname.includes("_");
  } catch {
    return false;
  }
}

/**
 * Opt-outs are recorded per sender, or for a whole Messaging Service when the number belongs to
 * one, as Twilio does. The scope key is the number or the `MG…` SID.
 */
export function optOutScope(sender: string, behavior: EmulatorBehavior): string {
  if (sender.startsWith("MG")) return sender;
  for (const [serviceSid, pool] of Object.entries(behavior.messagingServices)) {
    if (pool.includes(sender)) return serviceSid;
  }
  return sender;
}
