/** @module The one table of reply tags, directions and shortcodes: hover and completion read it, docs/language.md's tables are checked against it. */

export type EntryKind = "tag" | "direction" | "shortcode";

export interface LanguageEntry {
  kind: EntryKind;
  /** The first cell of the row in docs/language.md, exactly (Markdown). */
  syntax: string;
  /** The second cell, exactly (Markdown); hover shows it. */
  meaning: string;
  /** Tag or shortcode names the row covers, as written after `<`, `{` or `^` (hover looks them up). */
  names: string[];
  /** Completion items: the label typed after the opener, and an LSP snippet of the rest. */
  completions: { label: string; opener: "<" | "{" | "^"; snippet: string }[];
}

// A test (test/editor/language-table.test.ts) reads the "Tags" and "Dexter directions and shortcodes"
// tables of docs/language.md and requires exactly these rows, in this order: change both together.
export const languageTable: LanguageEntry[] = [
  {
    kind: "tag",
    syntax: "`<star>`, `<star2>` …",
    meaning: "captures; `<botstar>`, `<botstar2>` … from `%`",
    names: ["star", "botstar", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`star${n}`, `botstar${n}`])],
    completions: [
      { label: "star", opener: "<", snippet: "star>" },
      { label: "star2", opener: "<", snippet: "star${1:2}>" },
      { label: "botstar", opener: "<", snippet: "botstar>" },
    ],
  },
  {
    kind: "tag",
    syntax: "`<input>`…`<input9>`, `<reply>`…`<reply9>`",
    meaning: "the user's / bot's earlier messages",
    names: ["input", "reply", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`input${n}`, `reply${n}`])],
    completions: [
      { label: "input", opener: "<", snippet: "input${1}>" },
      { label: "reply", opener: "<", snippet: "reply${1}>" },
    ],
  },
  {
    kind: "tag",
    syntax: "`<id>`",
    meaning: "the user's id (the phone number on SMS)",
    names: ["id"],
    completions: [{ label: "id", opener: "<", snippet: "id>" }],
  },
  {
    kind: "tag",
    syntax: "`<bot NAME>`, `<bot NAME=V>`",
    meaning: "read / set a bot variable",
    names: ["bot"],
    completions: [{ label: "bot", opener: "<", snippet: "bot ${1:name}>" }],
  },
  {
    kind: "tag",
    syntax: "`<env NAME>`, `<env NAME=V>`",
    meaning: "read / set a global",
    names: ["env"],
    completions: [{ label: "env", opener: "<", snippet: "env ${1:name}>" }],
  },
  {
    kind: "tag",
    syntax: "`<get NAME>`, `<set NAME=V>`, `<set NAME>`",
    meaning: "read / set / clear a user variable",
    names: ["get", "set"],
    completions: [
      { label: "get", opener: "<", snippet: "get ${1:name}>" },
      { label: "set", opener: "<", snippet: "set ${1:name}=${2:value}>" },
    ],
  },
  {
    kind: "tag",
    syntax: "`<add NAME=N>` `<sub …>` `<mult …>` `<div …>`",
    meaning: "arithmetic on a user variable",
    names: ["add", "sub", "mult", "div"],
    completions: ["add", "sub", "mult", "div"].map((op) => ({ label: op, opener: "<" as const, snippet: `${op} \${1:name}=\${2:1}>` })),
  },
  {
    kind: "tag",
    syntax: "`{topic=NAME}`",
    meaning: "move the user to a topic",
    names: ["topic"],
    completions: [{ label: "topic", opener: "{", snippet: "topic=${1:name}}" }],
  },
  {
    kind: "tag",
    syntax: "`{@ text}`, `<@>`",
    meaning: "inline redirect (`<@>` is `{@<star>}`)",
    names: ["@"],
    completions: [
      { label: "@", opener: "{", snippet: "@${1:text}}" },
      { label: "@", opener: "<", snippet: "@>" },
    ],
  },
  {
    kind: "tag",
    syntax: "`{random}a\\|b{/random}`",
    meaning: "one option (split on `\\|` if present, else on spaces)",
    names: ["random", "/random"],
    completions: [{ label: "random", opener: "{", snippet: "random}${1:a}|${2:b}{/random}" }],
  },
  {
    kind: "tag",
    syntax: "`(@colors)`",
    meaning: "a random item of the array, as written in `! array` (tags in items work); an undefined array stays as text",
    names: [],
    completions: [],
  },
  {
    kind: "tag",
    syntax: "`{person}…{/person}`, `{formal}`, `{sentence}`, `{uppercase}`, `{lowercase}`",
    meaning: "formatting; `<person>` etc. are `{person}<star>{/person}`",
    names: ["person", "formal", "sentence", "uppercase", "lowercase"].flatMap((f) => [f, `/${f}`]),
    completions: ["person", "formal", "sentence", "uppercase", "lowercase"].flatMap((f) => [
      { label: f, opener: "{" as const, snippet: `${f}}\${1}{/${f}}` },
      { label: f, opener: "<" as const, snippet: `${f}>` },
    ]),
  },
  {
    kind: "tag",
    syntax: "`{ok}`",
    meaning: "in BEGIN: the real reply; formatting tags around it apply to it (`{uppercase}{ok}{/uppercase}`)",
    names: ["ok"],
    completions: [{ label: "ok", opener: "{", snippet: "ok}" }],
  },
  {
    kind: "tag",
    syntax: "`<call>NAME args</call>`",
    meaning: "run a macro",
    names: ["call", "/call"],
    completions: [{ label: "call", opener: "<", snippet: "call>${1:name} ${2:args}</call>" }],
  },
  {
    kind: "tag",
    syntax: "`<raw>…</raw>`",
    meaning: "nothing inside is processed; the delimiters are removed",
    names: ["raw", "/raw"],
    completions: [{ label: "raw", opener: "<", snippet: "raw>${1}</raw>" }],
  },
  {
    kind: "tag",
    syntax: '`\\s` `\\n` `\\#` `\\/` `\\\\` `\\"`',
    meaning: 'space, newline, `#`, `/`, `\\`, `"`',
    names: [],
    completions: [],
  },
  {
    kind: "direction",
    syntax: "`<send>`",
    meaning: "split the reply into separate messages, sent in order",
    names: ["send"],
    completions: [{ label: "send", opener: "<", snippet: "send>" }],
  },
  {
    kind: "direction",
    syntax: "`<delay seconds=N>`",
    meaning: "wait N seconds (0 < N ≤ 120, decimals allowed; BOT101) and split there; `nocancel` keeps it when the user writes again",
    names: ["delay"],
    completions: [{ label: "delay", opener: "<", snippet: "delay seconds=${1:2}>" }],
  },
  {
    kind: "direction",
    syntax: "`<noreply>`",
    meaning: "send nothing for this reply (its other effects still happen)",
    names: ["noreply"],
    completions: [{ label: "noreply", opener: "<", snippet: "noreply>" }],
  },
  {
    kind: "shortcode",
    syntax: "`^image(url)` `^file(url)` `^video(url)` `^audio(url)`",
    meaning: "attach media (MMS); the URL may be relative to the bot's folder",
    names: ["image", "file", "video", "audio"],
    completions: ["image", "file", "video", "audio"].map((k) => ({ label: k, opener: "^" as const, snippet: `${k}(\${1:url})` })),
  },
  {
    kind: "shortcode",
    syntax: '`^buttons(a, "b, c", d)`',
    meaning: "numbered menu; the user can answer `1`, `2` … or the label",
    names: ["buttons"],
    completions: [{ label: "buttons", opener: "^", snippet: "buttons(${1:First}, ${2:Second})" }],
  },
  {
    kind: "shortcode",
    syntax: "`^link(url[, title])`",
    meaning: "`title: url`",
    names: ["link"],
    completions: [{ label: "link", opener: "^", snippet: "link(${1:https://}, ${2:title})" }],
  },
  {
    kind: "shortcode",
    syntax: '`^reminder(name, "text", time)`',
    meaning: "a one-time message at `time`: epoch ms, or from now (`+1d`, `+2h`, `+30m`, `+1d12h`); the name becomes snake_case",
    names: ["reminder"],
    completions: [{ label: "reminder", opener: "^", snippet: 'reminder(${1:name}, "${2:text}", ${3:+1d})' }],
  },
  {
    kind: "shortcode",
    syntax: "`^reminderCancel(name)`",
    meaning: "cancel it",
    names: ["reminderCancel"],
    completions: [{ label: "reminderCancel", opener: "^", snippet: "reminderCancel(${1:name})" }],
  },
  {
    kind: "shortcode",
    syntax: "`^template(json)` `^metadata(json)`",
    meaning: "data for other channels; must be valid JSON (BOT106)",
    names: ["template", "metadata"],
    completions: ["template", "metadata"].map((k) => ({ label: k, opener: "^" as const, snippet: `${k}(\${1:{}})` })),
  },
  {
    kind: "shortcode",
    syntax: "`^notifyAgent()`, `^notifyAgent(reason)`",
    meaning: "hand the user to a person: the runtime opens a handoff and the bot stands aside until an operator closes it ([handoff.md](handoff.md))",
    names: ["notifyAgent"],
    completions: [{ label: "notifyAgent", opener: "^", snippet: "notifyAgent(${1:reason})" }],
  },
];

/** The row that explains a tag or shortcode name (`delay`, `star2`, `image`, `/random` …). */
export function entryFor(name: string): LanguageEntry | undefined {
  return byName.get(name);
}

const byName = new Map(languageTable.flatMap((entry) => entry.names.map((n) => [n, entry] as const)));
