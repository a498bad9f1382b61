/**
 * @module Glued tokens (`hello*`, `_negative`, `*kw*`, `*(abc|def)`, `(one|two)#`) as a regex over the words they
 * cover, joined by single spaces: the regex RiveScript builds for them. `*` is `.+?` (it may run on across words), `#`
 * is digits, `_` is letters (no blank, no digit), a group is `(a|b)`. One rule for the engine's matcher and lint's.
 */
import type { GluedPiece } from "./types.ts";

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Regex source, unanchored, one capturing group per top-level wildcard or group, in order (`gluedCaptures`); what
 * is nested in a group matches but does not capture, as everywhere in a pattern.
 */
export function gluedSource(pieces: readonly GluedPiece[], top = true): string {
  const open = top ? "(" : "(?:";
  return pieces
    .map((piece) => {
      switch (piece.type) {
        case "text":
          return escape(piece.text);
        case "wildcard":
          return open + (piece.kind === "any" ? ".+?)" : piece.kind === "number" ? "\\d+?)" : "[^\\s\\d]+?)");
        case "alternatives":
          return open + piece.options.map((option) => gluedSource(option, false)).join("|") + ")";
        default: {
          const _exhaustive: never = piece;
          return _exhaustive;
        }
      }
    })
    .join("");
}

/** A glued token covers more than one word when a `*` (anywhere) or a blank written inside a group can. */
export function gluedSpansWords(pieces: readonly GluedPiece[]): boolean {
  return pieces.some((piece) => {
    switch (piece.type) {
      case "text":
        return piece.text.includes(" ");
      case "wildcard":
        return piece.kind === "any";
      case "alternatives":
        return piece.options.some(gluedSpansWords);
      default: {
        const _exhaustive: never = piece;
        return _exhaustive;
      }
    }
  });
}

/** Top-level wildcards and groups: each fills one `<star>`. */
export function gluedCaptures(pieces: readonly GluedPiece[]): number {
  return pieces.filter((piece) => piece.type !== "text").length;
}
