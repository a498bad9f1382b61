/** @module Catalog entries for semantics (BOT1xx): names, references, directions and shortcodes. */
import type { CatalogEntry } from "../types.ts";

export const semanticEntries = [
  {
    code: "BOT101",
    name: "delay-out-of-range",
    severity: "error",
    message: "`<delay seconds={seconds}>` must be more than 0 and at most 120 seconds",
    description:
      "A delay holds the rest of the reply back. Zero or negative delays mean nothing, and SMS conversations that wait minutes look broken; schedule a `^reminder` for longer waits.",
  },
  {
    code: "BOT102",
    name: "delay-missing-space",
    severity: "error",
    message: "`<delay>` needs whitespace or the line edge on both sides",
    description:
      "A delay splits the reply into two messages at that point. Glued to a word (`Hi<delay seconds=2>there`), it is unclear which message the neighbouring text belongs to.",
  },
  {
    code: "BOT103",
    name: "delay-malformed",
    severity: "error",
    message: "Malformed `<delay>`: write `<delay seconds=N>` or `<delay seconds=N nocancel>`",
    description: "A delay needs its length in seconds; `nocancel` is the only other word it accepts.",
  },
  {
    code: "BOT104",
    name: "shortcode-unknown",
    severity: "error",
    message: "Unknown shortcode `^{name}()`{suggestion}",
    description:
      "Shortcodes are image, file, video, audio, buttons, link, reminder, reminderCancel, template, metadata and notifyAgent. Anything else would be sent to the user as text. To continue a line with text that starts with a word and `(`, write a space after the `^`.",
  },
  {
    code: "BOT105",
    name: "shortcode-arguments",
    severity: "error",
    message: "`^{name}()` takes {expected}, got {count}",
    description: "Each shortcode takes a fixed set of arguments; a missing URL or reminder time would fail only when a user reaches the reply.",
  },
  {
    code: "BOT106",
    name: "shortcode-json-invalid",
    severity: "error",
    message: "`^{name}()` needs a JSON argument: {error}",
    description: "`^template()` and `^metadata()` carry a JSON value that is passed on as data; it must parse.",
  },
  {
    code: "BOT107",
    name: "http-options-invalid",
    severity: "error",
    message: "`$` HTTP options are not valid JSON: {error}",
    description: "The options after the URL (`headers`, `body` …) are a JSON object. Tags may appear inside its string values.",
  },
  {
    code: "BOT108",
    name: "topic-cycle",
    severity: "error",
    message: "Topic `{topic}` reaches itself through includes/inherits: {path}",
    description: "A topic that includes or inherits itself, directly or through others, has no well-defined trigger order.",
  },
  {
    code: "BOT109",
    name: "concat-unknown",
    severity: "warning",
    message: "Unknown `! local concat` value `{value}`: use none, space or newline (treated as none)",
    description: "`! local concat` says what joins `^` continuation lines in this file.",
  },
  {
    code: "BOT110",
    name: "depth-invalid",
    severity: "error",
    message: "`! global depth` must be a whole number of at least 1, got `{value}`",
    description: "`depth` bounds redirects and recursion; without a valid number the default of 20 applies.",
  },
  {
    code: "BOT111",
    name: "weight-capped",
    severity: "warning",
    message: "Weight {value} is more than the maximum {max} and is capped",
    description: "Very large weights buy nothing over the maximum and cost memory in some engines.",
  },
  {
    code: "BOT112",
    name: "version-unsupported",
    severity: "warning",
    message: "`! version = {version}`: this compiler reads version 2 scripts",
    description: "Scripts for a later language version may use syntax this compiler reads differently.",
  },
  {
    code: "BOT113",
    name: "variable-reserved",
    severity: "error",
    message: "`{name}` starts with `_`: those names are read-only platform variables",
    description:
      "Names such as `_userPhone` and `_reminder_NAME` are set by the platform. A bot that writes them would see its value replaced or corrupt a reminder.",
  },
  {
    code: "BOT114",
    name: "object-language-unsupported",
    severity: "warning",
    message: "Macro `{name}` is written in `{language}` and is skipped: only javascript macros can run",
    description:
      "Object macros run in a JavaScript sandbox. An object in another language is skipped, as rivescript skips objects it has no handler for, and every `<call>` of it renders `[ERR: Object Not Found]`; rewrite it in JavaScript or remove the calls.",
  },
  {
    code: "BOT115",
    name: "topic-relation-unknown",
    severity: "warning",
    message: "Topic `{topic}` {relation} `{target}`, which has no triggers anywhere",
    description: "Including or inheriting a topic that does not exist adds nothing; it is usually a misspelt topic name.",
  },
  {
    code: "BOT116",
    name: "ignore-unattached",
    severity: "warning",
    message: "`# bot-ignore` is not followed by a trigger, so it ignores nothing",
    description: "`# bot-ignore CODE` applies to the next `+` trigger in the same block.",
  },
  {
    code: "BOT117",
    name: "substitution-keys-alike",
    severity: "warning",
    message: "`! sub {key}` and `! sub {other}` differ only in `. , ! ? ; :`",
    description:
      "A substitution key is matched against the message as typed, so `! sub :) = smile` and `! sub ;) = wink` are two keys here. Rivescript removes `. , ! ? ; :` from the message before it looks keys up, so to it they are one text, `)`, that no message can reach, and a brain that relies on them answers differently there. Rename one key, or keep both knowing they only work here.",
  },
] as const satisfies readonly CatalogEntry[];
