/** @module Reads `<Message>` verbs from a TwiML answer, so replies given as TwiML reach the phone as on Twilio. */

export interface TwimlMessage {
  body: string;
  media: string[];
  to?: string;
  from?: string;
  /** `action` (or the deprecated `statusCallback`) attribute: where Twilio POSTs this reply's status. */
  statusCallback?: string;
}

export type TwimlParse = { ok: true; messages: TwimlMessage[] } | { ok: false; reason: string };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, cdata: string) => cdata.replace(/&/g, "&amp;"))
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name] ?? whole;
    });
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of source.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[match[1] as string] = unescapeXml(match[3] ?? match[4] ?? "");
  }
  return out;
}

/**
 * Only the Messaging TwiML subset the runtime produces: `<Response>` with `<Message>` verbs whose
 * text is either direct or in `<Body>`, plus `<Media>` children. Anything else is ignored, as
 * Twilio ignores verbs it does not act on for SMS.
 */
export function parseMessagingTwiml(xml: string): TwimlParse {
  const text = xml
    .replace(/<\?xml[\s\S]*?\?>/, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trim();
  if (text === "") return { ok: true, messages: [] };
  if (!/^<Response\b[^>]*?(\/>|>[\s\S]*<\/Response>)$/.test(text)) {
    return { ok: false, reason: "the answer is not a TwiML <Response> document" };
  }
  const messages: TwimlMessage[] = [];
  for (const match of text.matchAll(/<Message\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Message>)/g)) {
    const attrs = attributes(match[1] ?? "");
    const inner = match[2] ?? "";
    const hasNouns = /<(Body|Media)\b/.test(inner);
    const body = hasNouns ? [...inner.matchAll(/<Body\b[^>]*>([\s\S]*?)<\/Body>/g)].map((m) => unescapeXml(m[1] ?? "")).join("") : unescapeXml(inner);
    const media = hasNouns ? [...inner.matchAll(/<Media\b[^>]*>([\s\S]*?)<\/Media>/g)].map((m) => unescapeXml(m[1] ?? "").trim()) : [];
    const statusCallback = attrs["action"] ?? attrs["statusCallback"];
    messages.push({
      body,
      media,
      ...(attrs["to"] !== undefined && { to: attrs["to"] }),
      ...(attrs["from"] !== undefined && { from: attrs["from"] }),
      ...(statusCallback !== undefined && { statusCallback }),
    });
  }
  return { ok: true, messages };
}
