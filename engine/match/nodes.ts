/** @module The nodes a trigger pattern compiles to (compile.ts builds them, program.ts flattens them into steps). */

export type DynamicSource = { type: "get"; name: string } | { type: "bot"; name: string } | { type: "input"; index: number } | { type: "reply"; index: number };

/** `capture` is the star slot a top-level node fills; nested nodes never capture. */
export type MatchNode =
  | { type: "words"; words: string[] }
  /** `until`: the first word of a literal that directly follows, so only positions holding it are tried. */
  | { type: "any"; capture: number | null; until: string | null }
  | { type: "number"; capture: number | null }
  | { type: "alpha"; capture: number | null }
  | { type: "alternatives"; options: MatchNode[][]; capture: number | null }
  | { type: "optional"; options: MatchNode[][] }
  /** Items longest first (shared with every pattern naming the array: never mutate). */
  | { type: "array"; items: readonly (readonly string[])[]; capture: number | null }
  | { type: "dynamic"; source: DynamicSource }
  /** `hello*`: the words it covers, joined by spaces, must match `regex` (anchored); `slots[g]` is group g+1's star. */
  | { type: "glued"; regex: RegExp; spans: boolean; slots: (number | null)[] };
