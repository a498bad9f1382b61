/** @module Catalog entries for lint rules: SMS0xx (what SMS, MMS and Twilio punish) and BOT2xx (bot structure). */
import type { CatalogEntry } from "../types.ts";

export const smsEntries: CatalogEntry[] = [
  {
    code: "SMS001",
    name: "sms-segment-limit",
    severity: "warning",
    message: "Message may take {segments} SMS segments ({encoding}, {length} characters); the limit is {limit}",
    description:
      "Each segment is billed and sent separately; long messages cost more, arrive slower (1 segment/s on a long code) and may be reassembled out of order by carriers without concatenation support.",
  },
  {
    code: "SMS002",
    name: "sms-encoding-ucs2",
    severity: "warning",
    message: "{char} ({codePoint}) forces UCS-2 encoding: {from} → {to} segments{suggestion}",
    description:
      "One character outside the GSM-7 alphabet switches the whole message to UCS-2, cutting a segment from 160 to 70 characters (153 to 67 when split). Curly quotes, dashes and ellipses pasted from editors are the usual cause.",
  },
  {
    code: "SMS003",
    name: "sms-length-limit",
    severity: "error",
    message: "Message may be {length} characters long; Twilio rejects bodies over {limit} characters (error 21617)",
    description: "Twilio refuses a message body over 1,600 characters with error 21617, so the message is never sent.",
  },
  {
    code: "SMS004",
    name: "mms-media-count",
    severity: "error",
    message: "Message has {count} media attachments; an MMS carries at most {limit} (error 21623)",
    description: "Twilio refuses a message with more than 10 media URLs with error 21623.",
  },
  {
    code: "SMS005",
    name: "mms-media-total-size",
    severity: "error",
    message: "Media on this message total {bytes} bytes; an MMS carries at most {limit} bytes",
    description: "Twilio refuses an MMS whose media add up to more than 5 MB.",
  },
  {
    code: "SMS006",
    name: "mms-media-item-size",
    severity: "warning",
    message: "{url} is {bytes} bytes, over the configured {limit} bytes",
    description: "Carriers cap non-image attachments far below Twilio's 5 MB (600 KB is Twilio's advice); oversize media fail at the carrier with error 30019.",
  },
  {
    code: "SMS007",
    name: "mms-media-unreachable",
    severity: "warning",
    message: "Media {url} cannot be fetched: {reason}",
    description:
      "Twilio fetches every media URL when the message is sent; a URL that fails fails the message. A missing file in the bot folder is an error of its own, BOT216.",
  },
  {
    code: "SMS008",
    name: "mms-media-type",
    severity: "warning",
    message: "{url} has content type {contentType}, which MMS does not accept",
    description:
      "Twilio accepts a fixed list of MMS content types (JPEG, PNG, GIF are transcoded; a few audio, video, vCard and PDF types pass through); others are rejected.",
  },
  {
    code: "SMS009",
    name: "sms-message-ordering",
    severity: "warning",
    message: "{count} messages are sent at the same instant; carriers may deliver them out of order",
    description:
      "SMS gives no delivery-order guarantee: messages created together can arrive in any order. A `<delay>` between them (or `runtime.ordering: strict`) keeps them in order.",
  },
  {
    code: "SMS010",
    name: "sms-reserved-keyword",
    severity: "warning",
    message: "Trigger matches {keywords}, which Twilio handles itself: {effect}",
    description:
      "Twilio intercepts the opt-out, opt-in and help keywords on long codes, toll-free numbers and Messaging Services; the bot's own reply to them is never what the user sees.",
  },
  {
    code: "SMS011",
    name: "sms-platform-unsupported",
    severity: "error",
    message: "^{shortcode}() has no SMS rendering",
    description: "`^template()` and `^metadata()` carry data for rich channels; on SMS they cannot be shown, so the reply loses its content.",
  },
  {
    code: "SMS012",
    name: "sms-platform-variable",
    severity: "warning",
    message: '<get {name}> has no value on SMS and renders as "undefined"',
    description: "Only some namespace variables are filled on SMS (`_userPhone`, `_fromCity` …); the others render as the word `undefined`.",
  },
  {
    code: "SMS013",
    name: "sms-delay-total",
    severity: "warning",
    message: "Delays in this reply add up to {total} s, over the configured {limit} s",
    description: "Long chains of delays keep a reply pending; any new message from the user cancels the rest, so users rarely see the end.",
  },
  {
    code: "SMS014",
    name: "broadcast-opt-out-missing",
    severity: "warning",
    message: 'Broadcast body has no opt-out language (e.g. "Reply STOP to unsubscribe") for a {sender} sender',
    description:
      "Carriers filter (error 30007) recurring messages from long codes and toll-free numbers that do not tell recipients how to opt out with a standard keyword.",
  },
  {
    code: "SMS015",
    name: "mms-media-outside-bot-folder",
    severity: "error",
    message: "Media {url} is never sent: {reason}",
    description:
      "The runtime serves media paths from the bot folder only (the folder holding the `.bot` files), so a path that climbs out with `..`, an absolute path or a link leading out is dropped from every message (RUN012): the user gets the text without it.",
  },
  {
    code: "SMS016",
    name: "mms-media-hidden",
    severity: "error",
    message: "Media {url} is never sent: {reason}",
    description:
      "Files and folders whose names start with `.` (`.env`, `.bot/`, `.git/`) hold secrets and state, so the runtime never serves them: such media is dropped from every message (RUN012).",
  },
  {
    code: "BOT201",
    name: "topic-unknown",
    severity: "error",
    message: 'Topic "{topic}" does not exist',
    description: "Moving a user to a topic that has no triggers leaves them where nothing can match, so the bot stops answering.",
  },
  {
    code: "BOT202",
    name: "redirect-unmatched",
    severity: "warning",
    message: 'No trigger matches the redirect "{target}" in topic "{topic}"',
    description: "A redirect whose text no trigger matches renders an empty reply.",
  },
  {
    code: "BOT203",
    name: "trigger-shadowed",
    severity: "warning",
    message: 'Trigger "{trigger}" can never match: {reason}',
    description: "Triggers are tried in priority order; one sorted after a trigger that matches everything it does is dead code.",
  },
  {
    code: "BOT204",
    name: "topic-unreachable",
    severity: "warning",
    message: 'Topic "{topic}" is never entered',
    description: "No `{topic=…}` or `<set topic=…>` moves users into this topic, and no entered topic includes or inherits it.",
  },
  {
    code: "BOT205",
    name: "redirect-cycle",
    severity: "error",
    message: "Redirects loop forever through a catch-all: {cycle}",
    description:
      "Redirects are matched like messages, by the engine's own matcher, in the topic they run in. When they lead back to where they started through a `+ *` catch-all, every message that reaches the catch-all loops until the recursion limit, and the user gets no reply, message after message, with nothing but a log line to say why. A trigger with conditions loops when every one of its ways to answer does.",
  },
  {
    code: "BOT206",
    name: "star-index-out-of-range",
    severity: "error",
    message: "<{tag}{index}> reads capture {index}, but the pattern captures {count}",
    description: "A capture number past the pattern's wildcards renders as `undefined`.",
  },
  {
    code: "BOT207",
    name: "variable-never-set",
    severity: "warning",
    message: 'Variable "{name}" is read but never set',
    description: "A user variable that no reply sets always reads as `undefined`; usually a typo.",
  },
  {
    code: "BOT208",
    name: "catch-all-missing",
    severity: "warning",
    message: 'Topic "default" has no "+ *" catch-all; unmatched messages get no reply',
    description: "Without a catch-all, a message no trigger matches gets silence, and users think the bot is broken.",
  },
  {
    code: "BOT209",
    name: "array-unknown",
    severity: "warning",
    message: 'Array "{name}" is used in the pattern but never defined, so it matches nothing',
    description:
      "`@name` and `(@name)` in a trigger match one item of `! array name = …`. Without that definition the part matches no word, so `+ @yes` never matches and `+ i am [@malenoun]` matches only as if the option were left out. rivescript turns an undefined array into nothing, which makes such a trigger match empty or punctuation-only messages instead. Define the array, or fix its name.",
  },
  {
    code: "BOT210",
    name: "redirect-cycle-partial",
    severity: "warning",
    message: "Redirects loop forever for the messages these triggers match: {cycle}",
    description:
      'Redirects that lead back to where they started, found as BOT205 finds them, among triggers that match only some messages: those messages get no reply (rivescript answers them "ERR: Deep Recursion Detected!"); every other message is answered as usual. Brains sometimes keep such a loop on purpose, to test the recursion limit.',
  },
  {
    code: "BOT211",
    name: "trigger-match-budget",
    severity: "warning",
    message:
      "Trigger `{trigger}` may take up to {bound} matching steps on a 1,600-character message ({positions} {unit}), past the engine's budget of {budget}: the engine would skip it (RUN025). Split it into smaller triggers, with fewer nested optionals and glued wildcards",
    description:
      "The engine matches each trigger in bounded time and cuts a match off at a fixed step budget per message (RUN025): the trigger is then skipped as not matching. A trigger whose worst case (the engine's own step bound for its compiled pattern, against the most words, or characters for a glued wildcard, a 1,600-character SMS can normalise to) passes that budget may be skipped for long messages.",
  },
  {
    code: "BOT212",
    name: "handoff-return-topic",
    severity: "error",
    message: 'handoff.returnTopic "{topic}" is not a topic of this bot (its topics: {topics}): after a handoff closes the user would be where nothing matches',
    description:
      "When a handoff closes without a topic of the operator's choosing, the bot resumes in `handoff.returnTopic` of bot.config.yaml (docs/handoff.md). A topic the bot does not have leaves the user where no trigger can match, so the bot would stop answering them; `bot run` falls back to `default` with a warning. Name an existing topic, or remove the key to return to `default`.",
  },
  {
    code: "BOT220",
    name: "star-without-capture",
    severity: "warning",
    message: "<{tag}{index}> in a reply to a pattern that captures nothing: it renders `undefined`",
    description:
      "The trigger (or `%` line) has no wildcard, group or `(@array)`, so there is nothing for `<star>` to read: it renders the text `undefined`, as in rivescript, which is sometimes what a macro call such as `<call>log <star></call>` is written to pass. Add a wildcard to the pattern if a capture was meant.",
  },
  {
    code: "BOT215",
    name: "redirect-catch-all",
    severity: "warning",
    message: 'The redirect "{target}" in topic "{topic}" reaches only the catch-all `{catchAll}` (line {line}), no trigger of its own{didYouMean}',
    description:
      "A redirect is matched like a message, by the engine's own matcher. When its literal text matches no trigger but a `*` catch-all, the user gets the catch-all's answer (\"Sorry?\") instead of the reply the redirect was written for: usually a typo, or a trigger renamed since. BOT202 reports redirects nothing matches; with a catch-all every redirect matches, so this rule names the catch-all and the nearest trigger instead.",
  },
  {
    code: "BOT216",
    name: "mms-media-missing",
    severity: "error",
    message: "Media file {path} does not exist in the bot folder: {reason}",
    description:
      "A media path (not a URL) names a file in the bot folder. When the file is missing, the runtime drops the attachment and sends the text alone (RUN012), so users never get the card, image or PDF the reply promises. URLs that cannot be fetched stay a warning (SMS007): a server may be down only for now.",
  },
  {
    code: "BOT290",
    name: "config-invalid",
    severity: "error",
    message: "bot.config.yaml: {detail}",
    description: "The bot's configuration file is not valid YAML, has an unknown key, or a value of the wrong type; the defaults are used until it is fixed.",
  },
];
