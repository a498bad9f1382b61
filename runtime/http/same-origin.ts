/**
 * @module Cross-site request forgery, refused: a state-changing browser request must come from a page of the
 * same origin. `SameSite=Strict` alone is not enough: a page on another port of the same host, or on a sibling
 * subdomain, is the same *site*, and its form carries the operator's cookie.
 */
import type { Request } from "express";

/**
 * Why a request was sent by another origin's page, or null. Browsers mark every POST with `Origin` and
 * (current ones) `Sec-Fetch-Site`; tools such as curl send neither and pass. The origin counted as our own
 * is the host the request was addressed to, or the public URL's.
 */
export function crossOriginReason(req: Request, publicUrl: string | null): string | null {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return `the browser marked it ${site.slice(0, 20)}`;
  const origin = req.get("origin");
  if (origin === undefined) return null;
  // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null` even for its own page's form; the
  // browser's own `same-origin` mark then decides. Without that mark "null" is any sandboxed page.
  if (origin === "null") return site === "same-origin" ? null : "it came from an opaque origin (Origin: null)";
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return `it came from an opaque origin (${origin.slice(0, 40)})`;
  }
  const own = [req.get("host")?.toLowerCase(), publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined];
  return own.includes(host) ? null : `it came from a page on ${origin.slice(0, 80)}`;
}
