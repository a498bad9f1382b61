/** @module The rendered-message model: a reply variant split into the messages it sends, each with its worst case. */
import type { BotIR, Template, TemplatePart } from "../ir/types.ts";
import type { Span } from "../diagnostics/types.ts";
import type { LintSettings, MediaItem, RenderedMessage, ReplyVariant } from "./types.ts";
import { estimateSegments } from "./segments.ts";
import { staticName, staticText } from "./walk.ts";

/** Text with choices left open: each `{random}` (or array pick) is a list of alternative piece lists. */
type Piece = string | Piece[][];

/** Above this many combinations the worst case is found greedily, one choice at a time. */
const MAX_COMBINATIONS = 64;

/** A message before estimation: its parts, media and send time. */
export interface MessageDraft {
  parts: TemplatePart[];
  media: MediaItem[];
  at: number;
  /** From the separator before it (or the reply's start) to the separator after it (or the reply's end). */
  span: Span;
}

/** Splits a variant at `<send>` and `<delay>`; drafts that would render nothing are dropped. */
export function splitMessages(variant: ReplyVariant): MessageDraft[] {
  const drafts: MessageDraft[] = [];
  const whole = variant.span;
  let current: MessageDraft = { parts: [], media: [], at: 0, span: whole };
  let at = 0;
  for (const part of variant.body) {
    if (part.type === "send" || part.type === "delay") {
      const separator = part.span;
      drafts.push(separator ? { ...current, span: { ...current.span, end: separator.start } } : current);
      if (part.type === "delay") at += part.seconds;
      current = { parts: [], media: [], at, span: separator ? { ...whole, start: separator.end } : whole };
      continue;
    }
    current.parts.push(part);
    if (part.type === "media") {
      current.media.push({ kind: part.kind, url: staticText(part.url), span: part.span ?? variant.span });
    }
  }
  drafts.push(current);
  return drafts.filter((d) => d.media.length > 0 || d.parts.some(rendersText));
}

/** True when the part puts characters into the message (whitespace alone does not count). */
function rendersText(part: TemplatePart): boolean {
  if (part.type === "text") return part.value.trim().length > 0;
  return piecesOf(part, EMPTY_IR, { assumedVariableLength: 1 } as LintSettings).length > 0;
}

const EMPTY_IR = { vars: {}, globals: {}, arrays: {} } as unknown as BotIR;

/** Splits a variant into messages and estimates each one's worst case. */
export function renderMessages(variant: ReplyVariant, ir: BotIR, settings: LintSettings): RenderedMessage[] {
  return splitMessages(variant).map((draft, index) => {
    const worstText = worstCase(draft.parts.flatMap((p) => piecesOf(p, ir, settings)));
    const estimate = estimateSegments(worstText);
    return {
      trigger: variant.trigger,
      variant,
      index,
      at: draft.at,
      parts: draft.parts,
      media: draft.media,
      worstText,
      encoding: estimate.encoding,
      segments: estimate.segments,
      length: estimate.length,
      span: draft.span,
    };
  });
}

function placeholder(settings: LintSettings): string {
  // Variables are assumed to be plain GSM-7 text: only literal text can force UCS-2.
  return "x".repeat(settings.assumedVariableLength);
}

function templatePieces(template: Template, ir: BotIR, settings: LintSettings): Piece[] {
  return template.flatMap((p) => piecesOf(p, ir, settings));
}

function piecesOf(part: TemplatePart, ir: BotIR, settings: LintSettings): Piece[] {
  switch (part.type) {
    case "text":
      return [part.value];
    case "bot":
    case "env": {
      const name = staticName(part.name);
      const known = name === null ? undefined : part.type === "bot" ? ir.vars[name] : ir.globals[name];
      return [known ?? placeholder(settings)];
    }
    case "arrayPick": {
      const items = ir.arrays[part.name];
      return items && items.length > 0 ? [items.map((item) => [item])] : [placeholder(settings)];
    }
    case "star":
    case "input":
    case "reply":
    case "id":
    case "get":
    case "httpValue":
    case "call":
    case "inlineRedirect":
      return [placeholder(settings)];
    case "random":
      return [part.options.map((o) => templatePieces(o, ir, settings))];
    case "format":
      return templatePieces(part.body, ir, settings);
    case "buttons":
      return part.labels.flatMap((label, i) => [`\n${i + 1}) `, ...templatePieces(label, ir, settings)]);
    case "link":
      return part.title
        ? [...templatePieces(part.title, ir, settings), ": ", ...templatePieces(part.url, ir, settings)]
        : templatePieces(part.url, ir, settings);
    case "set":
    case "botSet":
    case "envSet":
    case "math":
    case "topic":
    case "ok":
    case "send":
    case "delay":
    case "noReply":
    case "media":
    case "reminder":
    case "reminderCancel":
    case "template":
    case "metadata":
    case "notifyAgent":
      return [];
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/** Cost order: more segments, then UCS-2, then longer. */
function cost(text: string): number {
  const e = estimateSegments(text);
  return e.segments * 1e7 + (e.encoding === "UCS-2" ? 1e6 : 0) + text.length;
}

/** The costliest of `texts`, each estimated once. */
function costliest(texts: readonly string[]): string {
  if (texts.length === 1) return texts[0] ?? "";
  let best = "";
  let bestCost = -1;
  for (const text of texts) {
    const c = cost(text);
    if (c > bestCost) [best, bestCost] = [text, c];
  }
  return best;
}

function countCombinations(pieces: Piece[]): number {
  let n = 1;
  for (const piece of pieces) {
    if (typeof piece === "string") continue;
    n *= piece.reduce((sum, option) => sum + countCombinations(option), 0);
    if (n > MAX_COMBINATIONS) return Infinity;
  }
  return n;
}

function expand(pieces: Piece[]): string[] {
  let acc = [""];
  for (const piece of pieces) {
    const tails = typeof piece === "string" ? [piece] : piece.flatMap(expand);
    acc = acc.flatMap((head) => tails.map((tail) => head + tail));
  }
  return acc;
}

/** The costliest rendering: exact over all combinations when few, else the costliest option at each choice. */
export function worstCase(pieces: Piece[]): string {
  if (countCombinations(pieces) <= MAX_COMBINATIONS) return costliest(expand(pieces));
  return pieces.map((piece) => (typeof piece === "string" ? piece : costliest(piece.map(worstCase)))).join("");
}
