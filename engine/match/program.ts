/**
 * @module A compiled pattern as a flat program: every node, nested or not, is one numbered step whose successor is
 * fixed (the end of an option jumps to what follows its group; a glued token's pieces are steps over characters).
 * Because a step's continuation never depends on how it was reached, "step s cannot finish from position p" is a
 * fact the matcher can memoise for every step, nested optionals and glued wildcards included: matching costs at most
 * a few visits per (step, position) pair, whatever the pattern's shape (see `stepBound`).
 */
import type { GluedPiece } from "../../compiler/ir/types.ts";
import type { DynamicSource, MatchNode } from "./nodes.ts";

/** Steps over message words. `next` is always a later step, so the program is acyclic and laid out in order. */
export type WordOp =
  | { op: "words"; words: readonly string[]; next: number }
  /** One or more words, fewest first; `until`: only ends where this word follows are worth trying. */
  | { op: "any"; capture: number | null; until: string | null; next: number }
  | { op: "number" | "alpha"; capture: number | null; next: number }
  /** Tries `options` (entry steps) in order, then `next` when `skip` (an optional). `group` ≥ 0 records where a capturing group starts. */
  | { op: "branch"; options: number[]; skip: boolean; group: number; next: number }
  /** The end of a capturing group's option: captures from the group's start to here. */
  | { op: "close"; capture: number; group: number; next: number }
  | { op: "array"; items: readonly (readonly string[])[]; capture: number | null; next: number }
  | { op: "dynamic"; source: DynamicSource; next: number }
  /** A glued token: its pieces run over characters from the start of the word at hand, up to `first`'s `gend`. */
  | { op: "glued"; first: number; last: number; group: number }
  | { op: "end" };

/** Steps over the message's characters (code points, words joined by single spaces), inside a glued token. */
export type CharOp =
  | { op: "text"; chars: readonly string[]; next: number }
  /** `*` (any character), `#` (digits), `_` (neither blank nor digit): one or more, fewest first. */
  | { op: "class"; kind: "any" | "number" | "alpha"; slot: number | null; next: number }
  /** A `( | )` group inside a glued token: tries `options` in order; `group` records where it starts. */
  | { op: "choice"; options: number[]; group: number; next: number }
  /** The end of a glued group's option: captures from the group's start to here into `slot` (when top-level). */
  | { op: "cclose"; slot: number | null; group: number; next: number }
  /** Back to words: only at the end of a word; `spans` false means the token covers exactly one word. */
  | { op: "gend"; spans: boolean; group: number; next: number };

export type Op = WordOp | CharOp;

export interface Program {
  ops: Op[];
  /** `minRest[s]`: fewest message words the steps from `s` to the end consume (0 for character steps). */
  minRest: number[];
  /** Group starts recorded while matching (capturing alternatives and glued tokens). */
  groups: number;
  /** The pattern has a glued token: the matcher also walks characters. */
  chars: boolean;
}

/** Flattens compiled nodes; `glued` gives a glued node's pieces (kept beside the node, which holds only its regex). */
export function buildProgram(nodes: readonly MatchNode[], pieces: ReadonlyMap<MatchNode, readonly GluedPiece[]>): Program {
  const ops: Op[] = [];
  const program: Program = { ops, minRest: [], groups: 0, chars: false };
  // Steps are emitted in order and patched with their successor once it is known.
  const emit = (op: Op): number => ops.push(op) - 1;
  const seq = (list: readonly MatchNode[], exit: () => number): void => {
    const pending: number[] = [];
    const link = (target: number): void => {
      for (const at of pending.splice(0)) (ops[at] as { next: number }).next = target;
    };
    for (const node of list) {
      link(ops.length);
      pending.push(...emitNode(node));
    }
    link(exit());
  };
  /** Emits one node; returns the steps whose `next` is the node's successor. */
  const emitNode = (node: MatchNode): number[] => {
    switch (node.type) {
      case "words":
        return [emit({ op: "words", words: node.words, next: -1 })];
      case "any":
        return [emit({ op: "any", capture: node.capture, until: node.until, next: -1 })];
      case "number":
      case "alpha":
        return [emit({ op: node.type, capture: node.capture, next: -1 })];
      case "array":
        return [emit({ op: "array", items: node.items, capture: node.capture, next: -1 })];
      case "dynamic":
        return [emit({ op: "dynamic", source: node.source, next: -1 })];
      case "alternatives":
      case "optional":
        return emitGroup(node);
      case "glued":
        return emitGlued(node, pieces.get(node) ?? []);
      default: {
        const _exhaustive: never = node;
        return _exhaustive;
      }
    }
  };
  const emitGroup = (node: Extract<MatchNode, { type: "alternatives" | "optional" }>): number[] => {
    const capture = node.type === "alternatives" ? node.capture : null;
    const group = capture === null ? -1 : program.groups++;
    const branch: WordOp & { op: "branch" } = { op: "branch", options: [], skip: node.type === "optional", group, next: -1 };
    const at = emit(branch);
    const exits: number[] = [];
    // An optional's empty option is the same as skipping it, which is tried last anyway.
    const options = node.type === "optional" ? node.options.filter((o) => o.length > 0) : node.options;
    for (const option of options) {
      branch.options.push(ops.length);
      // Without a capture an option's end is a placeholder, bypassed once the group's successor is known.
      seq(option, () => exits[exits.push(emit({ op: "close", capture: capture ?? -1, group, next: -1 })) - 1]!);
    }
    return [at, ...exits];
  };
  const emitGlued = (node: Extract<MatchNode, { type: "glued" }>, list: readonly GluedPiece[]): number[] => {
    program.chars = true;
    const group = program.groups++;
    const glued: WordOp & { op: "glued" } = { op: "glued", first: -1, last: -1, group };
    emit(glued);
    glued.first = ops.length;
    let slot = 0;
    // Pieces in order; an option's last step and a group's `cclose` steps are patched once what follows is known.
    const pieceSeq = (pieces: readonly GluedPiece[], top: boolean): number[] => {
      let pending: number[] = [];
      const link = (target: number): void => {
        for (const at of pending) (ops[at] as { next: number }).next = target;
        pending = [];
      };
      for (const piece of pieces) {
        link(ops.length);
        switch (piece.type) {
          case "text":
            pending = [emit({ op: "text", chars: Array.from(piece.text), next: -1 })];
            break;
          case "wildcard":
            pending = [emit({ op: "class", kind: piece.kind, slot: top ? (node.slots[slot++] ?? null) : null, next: -1 })];
            break;
          case "alternatives": {
            const choice: CharOp & { op: "choice" } = { op: "choice", options: [], group: program.groups++, next: -1 };
            const own = top ? (node.slots[slot++] ?? null) : null;
            emit(choice);
            const ends: number[] = [];
            for (const option of piece.options) {
              choice.options.push(ops.length);
              const last = pieceSeq(option, false);
              const close = emit({ op: "cclose", slot: own, group: choice.group, next: -1 });
              for (const at of last) (ops[at] as { next: number }).next = close;
              ends.push(close);
            }
            pending = ends;
            break;
          }
          default: {
            const _exhaustive: never = piece;
            return _exhaustive;
          }
        }
      }
      return pending;
    };
    const tail = pieceSeq(list, true);
    glued.last = emit({ op: "gend", spans: node.spans, group, next: -1 });
    for (const at of tail) (ops[at] as { next: number }).next = glued.last;
    return [glued.last];
  };
  seq(nodes, () => emit({ op: "end" }));
  skipPlaceholders(ops);
  program.minRest = minRest(ops);
  return program;
}

/** Placeholder closes (the end of an optional's or a non-capturing group's option) are bypassed. */
function skipPlaceholders(ops: Op[]): void {
  const target = (s: number): number => {
    let at = s;
    while (at >= 0) {
      const op = ops[at]!;
      if (op.op !== "close" || op.capture !== -1) break;
      at = op.next;
    }
    return at;
  };
  for (const op of ops) {
    if ("next" in op) op.next = target(op.next);
    if (op.op === "branch") op.options = op.options.map(target);
  }
}

function minRest(ops: readonly Op[]): number[] {
  const rest = new Array<number>(ops.length).fill(0);
  for (let s = ops.length - 1; s >= 0; s--) {
    const op = ops[s]!;
    switch (op.op) {
      case "end":
      case "text":
      case "class":
      case "choice":
      case "cclose":
        rest[s] = 0;
        break;
      case "words":
        rest[s] = op.words.length + rest[op.next]!;
        break;
      case "any":
      case "number":
      case "alpha":
        rest[s] = 1 + rest[op.next]!;
        break;
      case "array":
        rest[s] = (op.items.length === 0 ? 0 : Math.min(...op.items.map((i) => i.length))) + rest[op.next]!;
        break;
      case "branch":
        rest[s] = Math.min(...op.options.map((o) => rest[o]!), op.skip || op.options.length === 0 ? rest[op.next]! : Infinity);
        break;
      case "close":
      case "dynamic":
        rest[s] = rest[op.next]!;
        break;
      case "glued":
        rest[s] = 1 + rest[(ops[op.last] as { next: number }).next]!;
        break;
      case "gend":
        rest[s] = 0;
        break;
      default: {
        const _exhaustive: never = op;
        return _exhaustive;
      }
    }
  }
  return rest;
}

/**
 * The most steps `matchPattern` can take on a message of `width` positions (words, or characters when the pattern
 * has a glued token): every (step, position) pair is expanded at most once (failures are memoised, and a success
 * ends the match), each expansion visits its successors once, and each wildcard's lazy loop visits a position once.
 */
export function stepBound(program: Program, width: number): number {
  let perPosition = 0;
  for (const op of program.ops) perPosition += 2 + 2 * successors(op);
  return perPosition * (width + 1);
}

function successors(op: Op): number {
  switch (op.op) {
    case "branch":
      return op.options.length + 1;
    case "choice":
      return op.options.length;
    case "array":
      return op.items.length;
    case "end":
      return 0;
    case "glued":
      return 1;
    default:
      return 1;
  }
}
