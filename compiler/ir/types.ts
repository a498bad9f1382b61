/** @module The IR: the versioned JSON contract between the compiler and the runtime. Kept in step with schema.json by a test. */
import type { Span } from "../diagnostics/types.ts";

/**
 * The IR format version: a runtime runs IR of its own format only and refuses any other with a clear message.
 * 2 added `compiler` and `sources`.
 */
export const IR_VERSION = 2 as const;

/** A compiled bot. Plain JSON: it can be written with `bot compile -o` and run later without recompiling. */
export interface BotIR {
  irVersion: typeof IR_VERSION;
  /** What wrote it: the package and its version, for messages (compatibility is `irVersion`'s). */
  compiler: CompilerStamp;
  /** The inputs it was compiled from, hashed, so `bot run x.json` can tell when they have changed since. */
  sources: SourceRecord;
  /** Source files in load order (paths relative to the bot root, `/`-separated). Spans name these. */
  files: string[];
  options: BotOptions;
  /** `! var` bot variables (`<bot NAME>`). */
  vars: Record<string, string>;
  /** `! global` values (`<env NAME>`), `depth` included when set. */
  globals: Record<string, string>;
  /** `! array` definitions, items already split and normalised for matching. */
  arrays: Record<string, string[]>;
  /** `! sub`, longest (most words, then most characters) first, as the engine applies them. */
  subs: Substitution[];
  /** `! person`, same order as `subs`. */
  person: Substitution[];
  /** Every trigger of every topic, `id` = index. Topics refer to them by id. */
  triggers: TriggerIR[];
  /** Topics by name. `default` always exists (`random` is an alias resolved by the compiler); BEGIN is `__begin__`. */
  topics: Record<string, TopicIR>;
  /** `> object NAME javascript` macros. */
  objects: Record<string, ObjectMacroIR>;
}

export interface CompilerStamp {
  name: string;
  version: string;
}

/** The compiled sources and the files that shaped the build (bot.config.yaml), each with its SHA-256. */
export interface SourceRecord {
  /** SHA-256 (hex) of every `path NUL sha256 LF` line, in path order: one value for the whole input. */
  sha256: string;
  /** Paths relative to the bot folder, `/`-separated, sorted. */
  files: SourceHash[];
  /** The whole folder was compiled, so a new `.bot`/`.rive` file there also makes the IR out of date. */
  folder: boolean;
  /** The bot folder relative to the IR file's folder (`.` when beside it); set by `bot compile -o` when it writes the file. */
  root?: string;
}

export interface SourceHash {
  path: string;
  sha256: string;
}

export interface BotOptions {
  /** Redirect/recursion limit (`! global depth`, default 20). */
  depth: number;
}

export interface Substitution {
  /** Normalised words to find (whole words). */
  from: string;
  to: string;
}

export interface TopicIR {
  name: string;
  includes: string[];
  inherits: string[];
  /** `> topic NAME isolated`: no fallback to `default` when nothing matches. */
  isolated: boolean;
  /** Trigger ids without `%`, in match order (includes/inherits already resolved and sorted). */
  triggers: number[];
  /** Trigger ids with `%` previous, in match order; tried before `triggers`. */
  previous: number[];
  span: Span | null;
}

export interface TriggerIR {
  id: number;
  /** Topic the trigger was written in. */
  topic: string;
  /** Trigger text as written (after `{weight}` removal), for logs and tooling. */
  text: string;
  pattern: Pattern;
  /** `%` line, matched against the bot's last reply. */
  previous: Pattern | null;
  /** `{weight=N}` on the trigger, 0 when absent. */
  weight: number;
  /** `# punc nostrip` was in force: captures keep punctuation. */
  keepPunctuation: boolean;
  reply: ReplyIR;
  /** `# bot-ignore CODE…` directives placed before this trigger. */
  ignores: string[];
  span: Span;
}

// === Patterns ===============================================================
// Patterns are structured, not regex strings: the engine builds (and caches) its matcher from the parts
// when the bot is loaded, and indexes triggers by their literal words.

/**
 * A piece of a glued token: normalised text (with a single space where a blank was written inside a group), a wildcard
 * that matches inside a word (`*` also across words), or a `( | )` group written against its neighbours
 * (`*(girlfriend|boyfriend)s`, `(one|two)#`), whose options are pieces too.
 */
export type GluedPiece =
  { type: "text"; text: string } | { type: "wildcard"; kind: "any" | "number" | "alpha" } | { type: "alternatives"; options: GluedPiece[][] };

export interface Pattern {
  /** `+ *` (or `%` `*`) alone: matches anything, including an empty message. */
  catchAll: boolean;
  parts: PatternPart[];
  span: Span;
}

export type PatternPart =
  /** One or more normalised words, separated by single spaces. */
  | { type: "literal"; text: string }
  /** `*` (any: one or more words), `#` (number), `_` (one word of letters). Always captures. */
  | { type: "wildcard"; kind: "any" | "number" | "alpha" }
  /** `(a|b c)` captures; each option is itself a sequence of parts. */
  | { type: "alternatives"; options: PatternPart[][] }
  /** `[a|b]`, `[*]`: matches one option or nothing, never captures. */
  | { type: "optional"; options: PatternPart[][] }
  /** `(@name)` captures, `@name` does not. */
  | { type: "array"; name: string; capture: boolean }
  /** `<get NAME>`, `<bot NAME>`: the current value, matched literally. */
  | { type: "get"; name: string }
  | { type: "bot"; name: string }
  /** `<input N>`, `<reply N>` (1..9): history, normalised, matched literally. */
  | { type: "input"; index: number }
  | { type: "reply"; index: number }
  /** `hello*`, `_negative`, `*kw*`, `*(a|b)s`: text, wildcards and groups with nothing between them; each wildcard and group captures. */
  | { type: "glued"; pieces: GluedPiece[] };

// === Replies ================================================================

export interface ReplyIR {
  /** `$` HTTP calls made, in order, before the reply is built. */
  http: HttpCallIR[];
  /** `@ target`: the whole reply is the reply to this text. */
  redirect: Template | null;
  /** `*` conditions, first true wins. */
  conditions: ConditionIR[];
  /** `-` replies; one is chosen at random, weighted. Empty when only conditions/redirect exist. */
  replies: WeightedReply[];
}

export interface WeightedReply {
  weight: number;
  body: Template;
  span: Span;
}

export type ConditionOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface ConditionIR {
  left: Template;
  op: ConditionOp;
  right: Template;
  body: Template;
  span: Span;
}

export interface HttpCallIR {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** `$ GET:name url` → `${{name.path}}`; null for the anonymous call (`${{path}}`). */
  name: string | null;
  /** Captures and variables in the URL are URL-encoded when rendered. */
  url: Template;
  /** The JSON options object (`headers`, `body`, …) with templates in its string values, or null. */
  options: Template | null;
  span: Span;
}

export interface ObjectMacroIR {
  name: string;
  language: string;
  code: string;
  span: Span;
}

/**
 * A reply body: an ordered list of parts. Text parts render; tag parts read or change state;
 * direction parts (`send`, `delay`, `media` …) shape the outgoing messages. Never re-parsed at run time,
 * so text that came from the user cannot become tags.
 */
export type Template = TemplatePart[];

export type FormatKind = "person" | "formal" | "sentence" | "uppercase" | "lowercase";
export type MathOp = "add" | "sub" | "mult" | "div";
export type MediaKind = "image" | "file" | "video" | "audio";

/**
 * The name in `<get NAME>`, `<set NAME=…>`, `<bot NAME>`, `<env NAME>` and the math tags: the name as written,
 * or, when tags are nested in it (`<set fav<star1>=<star2>>`, as RiveScript allows), a template the engine
 * renders and trims each time the tag runs; the result is the name, used as it is (docs/language.md).
 */
export type VariableName = string | Template;

/** Every part carries its source span (the compiler sets it on all but plain text), for lint and logs. */
export type TemplatePart = TemplatePartNode & { span?: Span };

export type TemplatePartNode =
  // --- text and reads
  | { type: "text"; value: string }
  /** `<star>`/`<starN>` (source `user`) and `<botstar>`/`<botstarN>` (source `previous`). */
  | { type: "star"; index: number; source: "user" | "previous" }
  | { type: "input"; index: number }
  | { type: "reply"; index: number }
  | { type: "id" }
  | { type: "get"; name: VariableName }
  | { type: "bot"; name: VariableName }
  | { type: "env"; name: VariableName }
  /** `(@name)` in a reply: one random item. */
  | { type: "arrayPick"; name: string }
  /** `${{path}}` / `${{name.path}}`: a value from an HTTP call's JSON result (`__status`, `__text` included). */
  | { type: "httpValue"; call: string | null; path: string[] }
  // --- writes (render as nothing)
  | { type: "set"; name: VariableName; value: Template }
  | { type: "botSet"; name: VariableName; value: Template }
  | { type: "envSet"; name: VariableName; value: Template }
  | { type: "math"; op: MathOp; name: VariableName; value: Template }
  | { type: "topic"; name: string }
  // --- structure
  | { type: "random"; options: Template[] }
  | { type: "format"; format: FormatKind; body: Template }
  | { type: "inlineRedirect"; target: Template }
  | { type: "call"; name: string; args: Template }
  /** `{ok}` in a BEGIN reply: the real reply goes here. */
  | { type: "ok" }
  // --- Dexter directions and shortcodes (docs/language.md "Dexter directions and shortcodes")
  | { type: "send" }
  | { type: "delay"; seconds: number; cancelable: boolean }
  | { type: "noReply" }
  | { type: "media"; kind: MediaKind; url: Template }
  | { type: "buttons"; labels: Template[] }
  | { type: "link"; url: Template; title: Template | null }
  /** `^reminder(name, "text", epochMs)`: `text` is rendered when the reminder fires. */
  | { type: "reminder"; name: string; text: Template; at: Template }
  | { type: "reminderCancel"; name: string }
  | { type: "template"; json: unknown }
  | { type: "metadata"; json: unknown }
  /** `^notifyAgent()` or `^notifyAgent(reason)`: the reason is shown to operators in the inbox (docs/handoff.md). */
  | { type: "notifyAgent"; reason?: string };

export type TemplatePartType = TemplatePart["type"];
