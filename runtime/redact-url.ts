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
  let changed = false;
  const params = new URLSearchParams(parsed.search);
  for (const name of [...new Set(params.keys())]) {
    if (!SECRET_NAME.test(name)) continue;
    const count = params.getAll(name).length;
    params.delete(name);
    for (let i = 0; i < count; i++) params.append(name, REDACTED);
    changed = true;
  }
  if (changed) parsed.search = params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  return parsed.toString();
}

/** Every `scheme://…` URL inside free text (an error message, a log line), redacted. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (match) => {
    try {
      new URL(match);
    } catch {
      return match;
    }
    return redactUrl(match);
  });
}
