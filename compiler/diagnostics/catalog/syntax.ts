/** @module Catalog entries for syntax (BOT0xx): lines, labels, patterns and tag structure. */
import type { CatalogEntry } from "../types.ts";

export const syntaxEntries = [
  {
    code: "BOT001",
    name: "command-unknown",
    severity: "error",
    message: "Unknown command `{char}`: a line starts with one of ! > < + - % ^ @ * $ # or a // comment",
    description:
      "Every line is a command named by its first non-blank character. A line that starts with anything else is not part of the script, so the bot would silently lose it.",
  },
  {
    code: "BOT002",
    name: "reply-without-trigger",
    severity: "error",
    message: "`{command}` line has no `+` trigger to belong to",
    description:
      "Replies (`-`), conditions (`*`), redirects (`@`) and HTTP calls (`$`) belong to the `+` trigger above them. Before the first trigger, or after a label line, there is none, so the line would never run.",
  },
  {
    code: "BOT003",
    name: "previous-misplaced",
    severity: "error",
    message: "`%` must come right after a `+` trigger line",
    description: "A `%` previous line narrows the trigger just above it. Placed anywhere else it narrows nothing.",
  },
  {
    code: "BOT004",
    name: "continuation-without-line",
    severity: "error",
    message: "`^` has no line above it to continue",
    description: "`^` appends its text to the line above. At the start of a file or after a label or directive there is nothing to append to.",
  },
  {
    code: "BOT005",
    name: "comment-unterminated",
    severity: "error",
    message: "`/*` comment is never closed with `*/`",
    description: "An unterminated block comment swallows the rest of the file, so every trigger after it disappears.",
  },
  {
    code: "BOT006",
    name: "label-unclosed",
    severity: "error",
    message: "`> {label}` is never closed with `< {label}`",
    description:
      "Labels (`> topic`, `> begin`, `> object`) open a block that a matching `<` line closes. Without it, every following trigger lands in the wrong topic.",
  },
  {
    code: "BOT007",
    name: "label-close-unmatched",
    severity: "error",
    message: "`< {label}` does not close an open `> {label}`",
    description:
      "A closing label must match the block that is open. A stray or mismatched one usually means a block was closed twice or the wrong block was closed.",
  },
  {
    code: "BOT008",
    name: "label-unknown",
    severity: "error",
    message: "Unknown label `> {label}`: expected topic, begin or object",
    description: "Only three kinds of block exist: `> topic NAME`, `> begin` and `> object NAME javascript`.",
  },
  {
    code: "BOT009",
    name: "directive-unknown",
    severity: "error",
    message: "Unknown directive `#{directive}`: expected `# punc` or `# bot-ignore` (comments start with //)",
    description:
      "In this language `#` starts a directive, never a comment. An unknown directive is most often a comment written with `#`, which older RiveScript allowed.",
  },
  {
    code: "BOT010",
    name: "directive-malformed",
    severity: "error",
    message: "Malformed directive: {problem}",
    description: "`# punc` takes `nostrip` or `strip`; `# bot-ignore` takes one or more diagnostic codes.",
  },
  {
    code: "BOT011",
    name: "definition-malformed",
    severity: "error",
    message: "Malformed definition: {problem}",
    description: "A definition reads `! TYPE NAME = VALUE` (`! version = 2.0` has no name). Without the `=` or the name, nothing is defined.",
  },
  {
    code: "BOT012",
    name: "definition-type-unknown",
    severity: "error",
    message: "Unknown definition type `{type}`: expected version, local, global, var, array, sub or person",
    description: "The word after `!` says what is defined. An unknown word defines nothing.",
  },
  {
    code: "BOT013",
    name: "trigger-uppercase",
    severity: "error",
    message: "Triggers are written in lowercase: `{char}` is uppercase",
    description: "Messages are lowercased before matching, so a trigger with an uppercase letter can never match.",
  },
  {
    code: "BOT014",
    name: "pattern-unbalanced",
    severity: "error",
    message: "Unbalanced `{bracket}` in the pattern",
    description: "Every `(` needs a `)` and every `[` a `]`, in the right order. An unbalanced bracket makes the pattern's meaning ambiguous.",
  },
  {
    code: "BOT015",
    name: "pattern-empty-option",
    severity: "error",
    message: "Empty option in `{group}`",
    description:
      "`[]` and `(|)` have no option with anything in it, so the group would match nothing at all; write the options, or `[a|b]` for an optional group. (An empty option next to others, `(a||b)`, is only a warning: BOT034.)",
  },
  {
    code: "BOT016",
    name: "pattern-tag-invalid",
    severity: "error",
    message: "`{tag}` cannot be used in a pattern: only <get>, <bot>, <input> and <reply> can",
    description: "A pattern is matched before the reply runs, so only values that exist at that moment can appear in it.",
  },
  {
    code: "BOT017",
    name: "trigger-empty",
    severity: "error",
    message: "`{command}` line has no pattern",
    description: "A trigger or previous line without text can never be matched deliberately; use `*` for a catch-all.",
  },
  {
    code: "BOT018",
    name: "weight-invalid",
    severity: "error",
    message: "A weight must be a whole number of at least {min}, got `{value}`",
    description: "Trigger weights are whole numbers of 0 or more; reply weights are whole numbers of 1 or more.",
  },
  {
    code: "BOT019",
    name: "tag-unclosed",
    severity: "error",
    message: "`{open}` is never closed with `{close}`",
    description:
      "Paired tags (`{random}…{/random}`, `<call>…</call>`, `<raw>…</raw>`, `{@…}`, `<set x=…>`) must close on the same reply; otherwise the rest of the reply would be swallowed.",
  },
  {
    code: "BOT020",
    name: "tag-close-unmatched",
    severity: "error",
    message: "`{close}` has no matching `{open}`",
    description: "A closing tag without its opening tag is almost always a typo, and it would be sent to the user as text.",
  },
  {
    code: "BOT021",
    name: "condition-malformed",
    severity: "error",
    message: "Malformed condition: {problem}",
    description: "A condition reads `* LEFT OP RIGHT => REPLY` with OP one of == eq != ne <> < <= > >=.",
  },
  {
    code: "BOT022",
    name: "http-url-missing",
    severity: "error",
    message: "`$` HTTP call has no URL",
    description: "An HTTP call reads `$ METHOD[:name] URL [JSON options]`.",
  },
  {
    code: "BOT023",
    name: "http-method-invalid",
    severity: "error",
    message: "Unknown HTTP method `{method}`: expected GET, POST, PUT, PATCH or DELETE",
    description: "The word after `$` is the HTTP method, optionally followed by `:name` to name the result.",
  },
  {
    code: "BOT024",
    name: "redirect-empty",
    severity: "error",
    message: "`@` redirect has no target",
    description: "`@ TEXT` answers as if the user had said TEXT; without text there is nothing to answer.",
  },
  {
    code: "BOT025",
    name: "syntax-error",
    severity: "error",
    message: "Syntax error: {detail}",
    description: "The line parser could not read the script. This is a fallback for errors no more specific code describes.",
  },
  {
    code: "BOT026",
    name: "label-name-missing",
    severity: "error",
    message: "`> {label}` needs {what}",
    description: "`> topic` needs a topic name and `> object` needs a name (its language, when missing, is javascript: BOT031).",
  },
  {
    code: "BOT027",
    name: "tag-malformed",
    severity: "error",
    message: "Malformed `{tag}`: {problem}",
    description: "A tag is missing a required part, such as the variable name in `<set =x>` or the topic in `{topic=}`.",
  },
  {
    code: "BOT028",
    name: "diagnostics-suppressed",
    severity: "error",
    message: "Too many errors: only the first {limit} in this file are listed ({count} more not shown); fix them and compile again",
    description:
      "A file lists at most its first 200 errors, in source order; this diagnostic, at the first problem left out, counts the rest. So many errors usually mean the file is not a `.bot` script, or that one early mistake (an unclosed block, a stray `/*`) turned everything after it into errors, and fixing the first errors often clears the rest.",
  },
  {
    code: "BOT029",
    name: "pattern-alternatives-top-level",
    severity: "warning",
    message: "Alternatives at the top level of the pattern: wrap them in ( )",
    description:
      'A `|` outside any group separates whole patterns (`+ where are you [from]|where [do] you live`). RiveScript reads such a trigger badly: its regular expression becomes `^first|second$`, which matches any message that starts with the first alternative or ends with the second ("where are you going tonight"). This compiler reads it as the alternatives wrapped in `( )`, which is what it was written to mean, and the fix writes it that way; `<star>` is then the whole message, as for any `( )` group. Each pattern gets one warning, however many `|` it has.',
  },
  {
    code: "BOT030",
    name: "tag-unknown",
    severity: "error",
    message: "Unknown tag `{tag}`: did you mean `{suggestion}`?",
    description:
      "A word in `<…>` or `{…}` that is one or two letters off a tag (`<gte name>`, `<sett name=bob>`, `{topc=menu}`, `<delya seconds=2>`) is not a tag, so it would reach users as text. Other brackets stay text: `a < b`, `<3`, HTML such as `<b>`, and words no tag name is close to (`<joke>`); write `\\<` to send a near-miss on purpose.",
  },
  {
    code: "BOT031",
    name: "object-language-missing",
    severity: "warning",
    message: "`> object {name}` names no language: it is read as javascript",
    description:
      "An object macro's label is `> object NAME LANGUAGE`. Without a language, rivescript assumes JavaScript (with a warning), and so does this compiler: the macro runs. Write `> object NAME javascript` to say so.",
  },
  {
    code: "BOT032",
    name: "array-pipe-edge",
    severity: "warning",
    message: "`! array {name}` {edge} with `|`: the empty item is dropped",
    description:
      "A piped array's items are separated by `|`. A `|` at the start or end of a line (`! array hello = hi|hey|`) makes an empty item, which is dropped, as rivescript drops it (rivescript warns \"Piped arrays can't begin or end with a |\"). Remove the extra `|`.",
  },
  {
    code: "BOT033",
    name: "array-item-blank",
    severity: "warning",
    message: "`! array {name}` has a blank item (`||`): it is dropped",
    description:
      'Two `|` with nothing between them (`! array nothing = nothing||not a thing`) make a blank item, which is dropped, as rivescript drops it (rivescript warns "Piped arrays can\'t include blank entries"). Remove one `|`.',
  },
  {
    code: "BOT034",
    name: "pattern-option-dropped",
    severity: "warning",
    message: "Empty option in `{group}`: it is dropped",
    description:
      '`(hi|hey|)`, `(|good|great)` and `[mild||hot]` have an empty option among others. Rivescript warns ("Piped alternations can\'t begin or end with a |", "… can\'t include blank entries") and removes the empty entry from the group, and so does this compiler: `(hi|hey|)` is `(hi|hey)`. Remove the extra `|`; write `[a|b]` if the group was meant to be optional.',
  },
  {
    code: "BOT040",
    name: "not-utf8-text",
    severity: "error",
    message: "Not a UTF-8 text file ({reason}): the file was skipped; save it as UTF-8 text, or move it out of the bot's folder",
    description:
      "A `.bot` or `.rive` file must be UTF-8 text. A binary file renamed `.bot`, or a script saved in another encoding (Latin-1, UTF-16), would otherwise be read as hundreds of lines of unknown commands; it is reported once, at its first NUL byte or first byte that is not UTF-8, and none of it is loaded. Editors can re-save a file as UTF-8 (VS Code: the encoding in the status bar, then Save with Encoding).",
  },
] as const satisfies readonly CatalogEntry[];
