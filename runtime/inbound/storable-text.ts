/**
 * @module What of a texter's `Body` is stored: any Unicode text, made storable the same way on SQLite
 * and PostgreSQL. PostgreSQL's `text` cannot hold U+0000 (the insert fails, so the webhook would get 500
 * on every retry) nor invalid UTF-16 (lone surrogates); SQLite can. Each such code unit becomes U+FFFD,
 * the replacement character, on both stores, before anything is stored or matched. Replacing rather than
 * removing loses least: the text keeps its length and word boundaries (`a\0b` stays two letters apart,
 * not the word `ab`), and a reader sees that something was there. Express's form parser already turns
 * invalid UTF-8 into U+FFFD, so NUL is what usually arrives; lone surrogates are handled for any other caller.
 */

/** U+0000, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with U+0000 and lone surrogates replaced by U+FFFD; the same string when there are none. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, "\uFFFD");
}
