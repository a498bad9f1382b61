/**
 * @module `{ok}` inside formatting tags in the BEGIN reply (`- {uppercase}{ok}{/uppercase}`): the real reply, rendered
 * once, takes the formats around its `{ok}`, innermost first, as rivescript formats the reply put in its place.
 */
import type { FormatKind } from "../../compiler/ir/types.ts";
import type { SubIndex } from "../normalise.ts";
import type { Chunk } from "../run.ts";
import { applyFormat } from "./format.ts";

/** The chunks with `formats` applied to their text, adjacent texts joined so a format sees whole words. */
export function formatReply(chunks: readonly Chunk[], formats: readonly FormatKind[] | undefined, person: SubIndex): Chunk[] {
  if (formats === undefined || formats.length === 0) return [...chunks];
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    const last = out[out.length - 1];
    if (chunk.type === "text" && last?.type === "text") out[out.length - 1] = { type: "text", text: last.text + chunk.text };
    else out.push(chunk);
  }
  return out.map((chunk) =>
    chunk.type === "text" ? { type: "text", text: formats.reduce((text, kind) => applyFormat(kind, text, person), chunk.text) } : chunk,
  );
}
