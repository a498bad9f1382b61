/** @module Catalog entries for run-time events (RUN0xx): logged by the engine and runtime, never compile errors. */
import type { CatalogEntry } from "../types.ts";

export const runtimeEntries: CatalogEntry[] = [
  {
    code: "RUN001",
    name: "redirect-depth-exceeded",
    severity: "error",
    message: 'Redirects nested deeper than {depth} while answering "{input}"; no reply was sent.',
    description:
      "An `@` redirect or `{@ …}` inline redirect kept leading to more redirects (usually a loop such as " +
      "`+ a` → `@ b`, `+ b` → `@ a`). The engine stops at `! global depth` levels, sends nothing for the " +
      "message and discards the reply's variable changes.",
  },
  {
    code: "RUN002",
    name: "math-not-a-number",
    severity: "warning",
    message: '<{op} {name}={value}>: "{current}" and "{value}" must both be numbers; {name} is unchanged.',
    description:
      "`<add>`, `<sub>`, `<mult>` and `<div>` need a numeric variable (an unset one counts as 0) and a numeric " +
      "value. Anything else leaves the variable as it was.",
  },
  {
    code: "RUN003",
    name: "math-division-by-zero",
    severity: "warning",
    message: "<div {name}={value}>: division by zero; {name} is unchanged.",
    description: "Dividing a variable by zero would store Infinity or NaN; the engine leaves the variable unchanged instead.",
  },
  {
    code: "RUN004",
    name: "macro-failed",
    severity: "error",
    message: "<call>{name}</call> failed: {reason}. The reply shows [ERR: {reason}].",
    description:
      "An object macro threw, timed out or does not exist. The reply contains `[ERR: …]` where the call was, " +
      "so the failure is visible in testing; fix the macro or guard the call with a condition.",
  },
  {
    code: "RUN005",
    name: "http-call-failed",
    severity: "warning",
    message: "$ {method} {url} failed: {reason}. Values read from it render empty.",
    description:
      "A `$` HTTP call got no usable response (timeout, refused connection, response too large, or an error " +
      "status). `${{…}}` values from it render as empty text and `${{__status}}` shows the status (0 when " +
      "there was no response).",
  },
  {
    code: "RUN006",
    name: "http-options-invalid",
    severity: "warning",
    message: "$ {method} {url}: the options are not a JSON object after rendering ({reason}); the call was made without them.",
    description:
      "The JSON options of a `$` call (headers, body) must render to a JSON object. Values inserted from " +
      "variables are JSON-escaped, so this usually means the options text itself is malformed.",
  },
  {
    code: "RUN007",
    name: "reminder-time-invalid",
    severity: "warning",
    message: '^reminder({name}): the time "{at}" is neither epoch milliseconds nor a time from now such as +1d; the reminder was not scheduled.',
    description:
      "The third argument of `^reminder` must render to an absolute time in epoch milliseconds (for example from a " +
      "variable computed by a macro) or to a time from now: `+` and amounts with units `s`, `m`, `h`, `d`, `w`, " +
      "summed (`+1d`, `+2h`, `+1d12h`). Anything else cannot be scheduled.",
  },
  {
    code: "RUN008",
    name: "reminder-not-pending",
    severity: "info",
    message: 'Reminder "{name}" is not pending for this user (cancelled or already sent); nothing was sent.',
    description: "A reminder fired after it was cancelled or replaced. Nothing is sent; no action is needed.",
  },
  {
    code: "RUN009",
    name: "direction-not-on-sms",
    severity: "info",
    message: "^{direction}() has no SMS rendering and was skipped.",
    description: "`^template` and `^metadata` only mean something on rich-messaging platforms. On SMS they are skipped.",
  },
  {
    code: "RUN010",
    name: "trigger-not-matched",
    severity: "info",
    message: 'No trigger matched "{input}" in topic "{topic}"; nothing was sent.',
    description:
      "The message matched no trigger in the user's topic or in `default`. Add a `+ *` catch-all to the " + "`default` topic so every message gets an answer.",
  },
  {
    code: "RUN011",
    name: "reply-not-found",
    severity: "warning",
    message: 'Trigger "{trigger}" matched but has no reply for this case (no condition was true and there is no `-` reply); nothing was sent.',
    description: "A trigger with only `*` conditions matched, and none of the conditions held. Add a `-` reply as the " + "fallback after the conditions.",
  },
  {
    code: "RUN012",
    name: "media-file-missing",
    severity: "warning",
    message: "Media {path} was not sent: {reason}; the message went out without it.",
    description:
      "A `^file`/`^image`/`^video`/`^audio` path relative to the bot folder does not exist, or points outside the " +
      "bot folder. The text of the message is still sent. Add the file to the bot folder or fix the path.",
  },
  {
    code: "RUN013",
    name: "step-failed",
    severity: "error",
    message: "{what} failed: {reason}; this message got no reply.",
    description:
      "The engine raised an unexpected error while answering a message or firing a reminder. The conversation " +
      "state is left as it was before the message, so nothing is half-applied. This is a defect: report it with the log line.",
  },
  {
    code: "RUN014",
    name: "conversation-handed-off",
    severity: "info",
    message: "The conversation was handed to a human (^notifyAgent); the bot stays quiet until the topic changes.",
    description:
      "`^notifyAgent()` moved the user to topic `human`. Only weighted `default` triggers answer there; set " +
      "`{topic=…}` (for example from an agent tool or a weighted trigger) to give the conversation back to the bot.",
  },
  {
    code: "RUN017",
    name: "loop-guard-stopped",
    severity: "warning",
    message: "Sending to {user} stopped: {detail}, which looks like a loop; nothing more is sent to this number until {until} or until an operator clears it.",
    description:
      "More identical messages to one user within the window than `runtime.loopGuard.identical` allows (default 20 in 5 minutes), " +
      "or more messages in a minute than `runtime.loopGuard.perMinute` (default 12): usually two bots, or a bot and an autoresponder, " +
      "answering each other. The runtime marks the message failed and sends nothing more to the user until the window passes or an " +
      "operator clears the hold on the dashboard.",
  },
  {
    code: "RUN020",
    name: "reply-expired",
    severity: "warning",
    message: "The reply to {to} was not sent: it waited {waited} s, past its validity of {validity} s (sender.replyValiditySeconds).",
    description:
      "A reply could not be handed to Twilio while it was still useful: the sender's meter had no room (a busy " +
      "sender, back-pressure from Twilio) or sending kept failing. It is marked `expired` instead of arriving late. " +
      "Raise `sender.replyValiditySeconds`, or use a faster sender (docs/sending.md).",
  },
  {
    code: "RUN021",
    name: "macro-output-limit",
    severity: "error",
    message: "<call>{name}</call> was stopped: {detail}. The reply shows [ERR: macro output limit].",
    description:
      "What a JavaScript macro hands the host is copied into the server's own memory, outside the macro's heap " +
      "limit, so one call is bounded: `runtime.macros.outputChars` characters of variable names, values and " +
      "returned text (default 262144), `runtime.macros.writes` `rs.setUservar` calls (default 100) and " +
      "`runtime.macros.hostCalls` calls of `rs.*` (default 1000). Past any of them the macro is stopped and its " +
      "later writes are dropped.",
  },
  {
    code: "RUN022",
    name: "macro-variable-too-large",
    severity: "error",
    message: "<call>{name}</call> was stopped: {detail}. The reply shows [ERR: macro variable too large].",
    description:
      "A JavaScript macro set one user variable to more than `runtime.macros.varChars` characters (default " +
      "16384). The variable keeps its value and the macro is stopped: sessions are read and written on every " +
      "message, so one huge value slows every later step of that user.",
  },
  {
    code: "RUN023",
    name: "macro-deadline",
    severity: "error",
    message: "<call>{name}</call> was still running after {deadline} ms (runtime.macros.deadlineMs); its worker thread was stopped.",
    description:
      "Every JavaScript macro call runs in a worker thread with a wall-clock deadline (default 1000 ms). The CPU " +
      "limit counts the engine's own steps, but a native built-in (`indexOf`, `repeat`, a regular expression on a " +
      "long text) runs between those checks; the deadline bounds it whatever it runs. The reply shows " +
      "`[ERR: macro deadline]`.",
  },
  {
    code: "RUN024",
    name: "inbound-dropped",
    severity: "error",
    message: "Inbound {sid} from {from} was run {runs} times without finishing and is marked done without an answer.",
    description:
      "Each run of a queued message is counted in the database before it starts, so a message whose step keeps " +
      "failing, or keeps taking the process down (killed, out of memory), is counted across restarts. After 5 runs " +
      "it is dropped, so the process stays up and the user's later messages are answered.",
  },
  {
    code: "RUN025",
    name: "trigger-match-cut-off",
    severity: "warning",
    message: "Trigger `{trigger}` was skipped for this message: matching it took more than {budget} steps.",
    description:
      "Matching is bounded: every trigger gets a step budget per message (far above what any real trigger needs on a " +
      "1,600-character message). A trigger of thousands of nodes can reach it; it is then treated as not matching and the " +
      "next trigger is tried, so the message is still answered. `bot lint` warns about such triggers (BOT211): split them.",
  },
  {
    code: "RUN026",
    name: "macro-never-settled",
    severity: "error",
    message: "<call>{name}</call> returned a promise that nothing can settle: no promise job and no timer is left. The reply shows [ERR: macro never settled].",
    description:
      "A JavaScript macro's promise is still pending after every promise job and timer of the call has run, so " +
      "nothing can ever settle it (a `new Promise` whose `resolve` is never called, an `await` on one). Rather " +
      "than wait for its deadline, the call ends at once. Resolve the promise, or return the value itself.",
  },
  {
    code: "RUN027",
    name: "macro-console-truncated",
    severity: "warning",
    message: "console output of macro {name} was cut at 4096 characters in 50 lines; {dropped} more characters were not logged.",
    description:
      "A macro's `console.log`, `info`, `debug`, `warn` and `error` lines go to the bot's log with the macro's " +
      "name. One call keeps at most 4,096 characters in 50 lines, so a macro that prints in a loop cannot flood " +
      "the log; what is past the bound is counted in this one note. The call itself goes on.",
  },
  {
    code: "RUN028",
    name: "macro-syntax-error",
    severity: "error",
    message: "macro {name} does not compile: {detail}; its calls render [ERR: Object Not Found] until its > object block is fixed.",
    description:
      "The body of a `> object NAME javascript` block is not valid JavaScript (it is compiled as the body of an " +
      "async function, as rivescript 2.x does). rivescript does not load such a macro, so a call of it renders " +
      "`[ERR: Object Not Found]` here too, and this line says why. Run the body through a JavaScript parser, or " +
      "`bot chat` the trigger that calls it.",
  },
  {
    code: "RUN029",
    name: "macro-timer-past-budget",
    severity: "error",
    message:
      "<call>{name}</call> waits for a timer due at {due} ms, past its time budget of {deadline} ms (runtime.macros.deadlineMs). The reply shows [ERR: macro deadline].",
    description:
      "A macro's `setTimeout` and `setInterval` timers wait in the call's own time, and together may wait as " +
      "long as its deadline (`runtime.macros.deadlineMs`, default 1000 ms). A macro whose next timer is due " +
      "later fails as a macro past its deadline does, without waiting for it.",
  },
];
