/**
 * @module Glued tokens (`hello*`, `_negative`, `*kw*`) as a regex over the words they cover, joined by single spaces:
 * the regex RiveScript builds for them. `*` is `.+?` (it may run on across words), `#` is digits, `_` is letters
 * (no blank, no digit). One rule for the engine's matcher and lint's.
 */
import type { GluedPiece } from "./types.ts";

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Regex source, unanchored, one capturing group per wildcard. */
export function gluedSource(pieces: readonly GluedPiece[]): string {
  return pieces
    .map((piece) => {
      if (piece.type === "text") return escape(piece.text);
      return piece.kind === "any" ? "(.+?)" : piece.kind === "number" ? "(\\d+?)" : "([^\\s\\d]+?)";
    })
    .join("");
}

/** Only a glued `*` can cover more than one word. */
export function gluedSpansWords(pieces: readonly GluedPiece[]): boolean {
  return pieces.some((piece) => piece.type === "wildcard" && piece.kind === "any");
}

export function gluedCaptures(pieces: readonly GluedPiece[]): number {
  return pieces.filter((piece) => piece.type === "wildcard").length;
}
