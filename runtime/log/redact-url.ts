/**
 * @module The one redaction helper for URLs in log lines and error messages: user-info passwords and
 * the values of query parameters whose names look secret (`key`, `token`, `secret`, `password`, `auth`,
 * `sig` …) become `***`. Every log line or error that can carry a URL (a `$` call, a media URL, the
 * database URL, the public URL) goes through it.
 */

/** Query parameter names that carry credentials: matched anywhere in the name, case-insensitively. */
const SECRET_NAME = /key|token|secret|passw|pwd|auth|sig|credential|session|cookie|bearer|access|private|otp|pass$/i;

export const REDACTED = "***";

/** The URL with secrets masked; text that is not a URL is searched for embedded URLs instead. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUrlsIn(url);
  }
  if (parsed.password) parsed.password = REDACTED;
  parsed.search = redactQuery(parsed.search);
  return parsed.toString();
}

/** A `?a=1&key=2` query with secret-looking values masked, order and everything else kept as written. */
function redactQuery(search: string): string {
  if (search === "" || search === "?") return search;
  return (
    "?" +
    search
      .slice(1)
      .split("&")
      .map((pair) => {
        const at = pair.indexOf("=");
        const rawName = at < 0 ? pair : pair.slice(0, at);
        let name = rawName;
        try {
          name = decodeURIComponent(rawName.replaceAll("+", " "));
        } catch {
          // A malformed escape: judged by its raw spelling.
        }
        return at >= 0 && SECRET_NAME.test(name) ? `${rawName}=${REDACTED}` : pair;
      })
      .join("&")
  );
}

/** Every `scheme://…` URL and every `/path?query` inside free text (an error message, a log line), redacted. */
export function redactUrlsIn(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (match) => {
      try {
        new URL(match);
      } catch {
        return match;
      }
      return redactUrl(match);
    })
    .replace(
      /(^|[\s("'=])(\/[^\s?"'<>`]*)(\?[^\s"'<>`]+)/g,
      (_match, lead: string, pathPart: string, query: string) => `${lead}${pathPart}${redactQuery(query)}`,
    );
}
