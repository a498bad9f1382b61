/**
 * @module Text made inert for a terminal: every printer of user or bot text (`bot logs`, `bot chat`, `bot test`,
 * `bot broadcast`, diagnostics) passes it through here, so a texter's ESC, BEL, CR or bidi override cannot clear
 * the operator's screen, set the window title, write the clipboard (OSC 52) or print a fake log line.
 *
 * A small function rather than a package: `strip-ansi` removes sequences (the operator should see that they
 * were sent) and only knows well-formed ANSI ones, and `jsesc` escapes for JavaScript source (quotes, all
 * non-ASCII) and is no runtime dependency. The set here is short and fixed by Unicode.
 */

/**
 * What a terminal acts on instead of showing: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F; CSI
 * is U+009B), and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder
 * the rest of the line and so can make it read as something else. Newline and tab are left to the caller.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escape(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text for a terminal, line breaks and tabs kept: `\x1b`, `\r`, `\x07`, `\x9b`, `\u202e` … are shown as those
 * escapes. A backslash typed by the texter stays as it is: the escapes are for the eye, not to be parsed back.
 */
export function inertText(text: string): string {
  return text.replace(CONTROL, escape);
}

/** One line of terminal output: as `inertText`, and a newline or tab inside it shown as `\n`, `\t` too. */
export function inertLine(text: string): string {
  return text.replace(CONTROL_AND_BREAKS, escape);
}

/**
 * `JSON.stringify` for output a person may read in a terminal: the same JSON (it parses to the same value), with
 * DEL, C1 and the bidi controls written as `\u` escapes too (JSON already escapes C0; those may appear only in
 * strings, so the replacement never touches the structure).
 */
export function inertJson(value: unknown, space?: number): string {
  return inertJsonText(JSON.stringify(value, null, space) ?? "null");
}

/** JSON text already written (a log line): DEL, C1 and the bidi controls as `\u` escapes; it parses to the same value. */
export function inertJsonText(json: string): string {
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
