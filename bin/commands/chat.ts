/** @module `bot chat`: talk to a bot in the terminal, or drive it with JSON lines (`--jsonl`). */
import { handoffConfig } from "../../config/handoff-schema.ts";
import { LOOPBACK_ALLOW } from "../../runtime/adapters/address-guard.ts";
import { loadConfig as loadBotConfig } from "../../runtime/bot-config.ts";
import { parseRuntimeSettings } from "../../runtime/runtime-settings.ts";
import { describeKeywordAction, resolveHelpMode, type HelpMode } from "../../sms/keywords/index.ts";
import { createInterface } from "node:readline";
import { clearLine, cursorTo } from "node:readline";
import type { Command } from "commander";
import { BotLoadError, loadRunnableBot, type LoadedBot } from "../load-bot.ts";
import { formatErrors } from "../../sandbox/local/diagnostics.ts";
import { createLocalRuntime, type Canceled, type Delivered, type LocalRuntime, type LogEntry } from "../../sandbox/local/index.ts";
import { runJsonl } from "../../sandbox/local/jsonl.ts";
import { watchChat } from "../chat-watch.ts";
import { inertJson, inertLine, inertText } from "../../compiler/diagnostics/inert-text.ts";

const CHAT_COMMANDS =
  "/advance <duration>  skip ahead (delays, reminders)\n/vars  show your topic and variables\n/agent <text>  answer as an operator while you are handed off (docs/handoff.md)\n/close [topic]  close the handoff; the bot answers again, in that topic\n/help  this list\n/quit  leave";
import { parseDuration } from "../../sandbox/local/transcript/duration.ts";

interface ChatOptions {
  user: string;
  seed?: string;
  jsonl?: boolean;
  now?: string;
  allowLoopbackHttp?: boolean;
  watch?: boolean;
}

export function registerChat(program: Command): Command {
  return program
    .command("chat")
    .argument("<path>", "a .bot or .rive file, or a folder of them")
    .option("--user <phone>", "your phone number (the user id)", "+15550001111")
    .option("--seed <n>", "seed for random replies (default: 1 with --jsonl, random otherwise)")
    .option("--now <time>", "--jsonl only: virtual start time, ISO date-time or epoch ms (default 0)")
    .option("--jsonl", "machine protocol: JSON lines on stdin and stdout (see docs/chat.md)")
    .option("--watch", "reload the bot on every save of its files, keeping your variables and the chat's history (docs/versions.md)")
    .option("--allow-loopback-http", "let $ calls reach 127.0.0.1 and ::1 (a local API under development); other private addresses need runtime.http.allow")
    .action(async (path: string, options: ChatOptions) => {
      process.exitCode = await chat(path, options);
    });
}

async function chat(path: string, options: ChatOptions): Promise<number> {
  const seed = options.seed === undefined ? (options.jsonl ? 1 : Date.now() >>> 0) : Number(options.seed);
  const start = options.now === undefined ? 0 : /^\d+$/.test(options.now) ? Number(options.now) : Date.parse(options.now);
  if (!Number.isInteger(seed) || Number.isNaN(start)) {
    console.error(`bot chat: ${Number.isNaN(start) ? `--now "${options.now}" is not a date-time or epoch ms` : `--seed must be an integer`}`);
    return 2;
  }
  let loaded: LoadedBot;
  try {
    loaded = loadRunnableBot(path);
  } catch (error) {
    if (!(error instanceof BotLoadError)) throw error;
    console.error(`bot chat: ${error.message}`);
    return 2;
  }
  const errors = formatErrors(loaded.diagnostics, loaded.sources, loaded.root);
  for (const e of errors) console.error(e);
  if (errors.length > 0) {
    console.error(`bot chat: ${path} has ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them and try again`);
    return 1;
  }
  const ir = loaded.ir;
  const botConfig = loadBotConfig(loaded.root).config;
  const runtimeSection = botConfig.runtime;
  // handoff.returnTopic and the keywords, as bot run reads them (docs/handoff.md).
  const handoff = handoffConfig(botConfig.handoff);
  const parsed = parseRuntimeSettings(runtimeSection);
  // HELP as `bot run` would answer it here: BOT_HELP, else runtime.help, else Twilio.
  const resolved = resolveHelpMode(process.env, runtimeSection);
  const help: HelpMode = resolved.mode;
  const problems = [...parsed.errors, ...resolved.errors];
  for (const e of problems) console.error(`bot chat: ${e}`);
  if (problems.length > 0) return 2;
  const settings = parsed.settings;
  if (options.allowLoopbackHttp) settings.http.allow = [...settings.http.allow, ...LOOPBACK_ALLOW];
  if (options.jsonl) {
    const runtime = createLocalRuntime({ ir, root: loaded.root, seed, startTime: start, settings, help, handoff, onLog: (e) => console.error(logLine(e)) });
    const watching = options.watch ? watchChat(path, runtime, (line) => console.error(line)) : null;
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    await runJsonl({ runtime, user: options.user, lines, write: (line) => process.stdout.write(`${line}\n`) });
    watching?.close();
    return 0;
  }
  const runtime = createLocalRuntime({ ir, root: loaded.root, seed, startTime: Date.now(), settings, help, handoff, onLog: (e) => say(dim(logLine(e))) });
  const watching = options.watch ? watchChat(path, runtime, (line) => say(dim(line))) : null;
  const code = await interactive(runtime, options.user);
  watching?.close();
  return code;
}

const tty = process.stdout.isTTY === true;
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
// Replies, log lines and variables hold what users typed and bots wrote: shown inert (control characters escaped).
const logLine = (e: LogEntry) => `[${e.level} ${e.code}] ${inertText(e.message)}`;
let say = (line: string) => console.log(line);

/** `(cancelled: "Text MENU any time." — a new message arrived)`: a delayed part that will not be sent, and why. */
export function formatCanceled(c: Canceled): string {
  const why = c.reason === "new-message" ? "a new message arrived" : "the user opted out";
  return `(cancelled: ${inertJson(c.body)} — ${why})`;
}

function formatMessage(m: Delivered): string {
  const media = m.media.map((url) => ` [media: ${inertLine(url)}]`).join("");
  // An operator's message during a handoff (/agent) is shown as theirs.
  return `${m.agent ? "agent>" : "bot>"} ${inertText(m.body).replace(/\n/g, "\n     ")}${media}`;
}

/** Real time drives the virtual clock, plus whatever `/advance` skipped ahead. */
async function interactive(runtime: LocalRuntime, user: string): Promise<number> {
  // Piped input (`printf 'hi\nmenu\n' | bot chat .`): no prompt, which would run into the next line; each input
  // is echoed as its own `you> …` line instead, so the output reads one line per event.
  const piped = process.stdin.isTTY !== true;
  const rl = createInterface({ input: process.stdin, ...(!piped && { output: process.stdout }), prompt: "you> ", terminal: !piped && tty });
  let skipped = 0;
  let timer: NodeJS.Timeout | undefined;
  let typing = false;
  say = (line) => {
    if (tty) {
      clearLine(process.stdout, 0);
      cursorTo(process.stdout, 0);
    }
    console.log(line);
    if (tty) rl.prompt(true);
  };
  const show = (delivered: Delivered[]) => {
    for (const m of delivered) say(formatMessage(m));
  };
  const showCanceled = (canceled: readonly Canceled[]) => {
    for (const c of canceled) say(dim(formatCanceled(c)));
  };
  const sync = async () => show(await runtime.advance(Date.now() + skipped - runtime.now()));
  const schedule = () => {
    clearTimeout(timer);
    const next = runtime.nextDueAt();
    if (next === null) return;
    if (runtime.pendingMessages(user) > 0 && !typing) {
      typing = true;
      say(dim("bot is typing…"));
    }
    timer = setTimeout(
      async () => {
        await sync();
        if (runtime.pendingMessages(user) === 0) typing = false;
        schedule();
      },
      Math.max(0, next - (Date.now() + skipped)),
    );
  };

  console.log(dim(`chatting as ${user}; /help for commands, Ctrl-D to quit`));
  rl.prompt();
  let quit = false;
  for await (const line of rl) {
    const text = line.trim();
    if (piped) say(`you> ${inertText(line)}`);
    // A line typed with a blank before the `/` is a message, so the bot can still be sent "/something".
    if (line.startsWith("/")) {
      quit = !(await command(text));
      if (quit) break;
    } else {
      await sync();
      typing = false;
      const turn = await runtime.receive({ from: user, body: line });
      showCanceled(turn.canceled);
      show(turn.delivered);
      const handled = describeKeywordAction(turn.keyword);
      if (handled) say(dim(`(${handled})`));
      else if (turn.delivered.length === 0 && runtime.handoff(user))
        say(dim("(a person has the conversation: the bot stands aside; /agent answers as the operator, /close hands back)"));
      else if (turn.delivered.length === 0 && turn.pending === 0) say(dim(turn.matched ? "(no reply: <noreply> or empty)" : "(no reply)"));
    }
    schedule();
    rl.prompt();
  }
  // At end of input the delayed parts already on their way are still shown (reminders are not awaited);
  // /quit leaves at once.
  while (!quit && runtime.pendingMessages() > 0) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (runtime.nextDueAt() ?? 0) - (Date.now() + skipped))));
    await sync();
  }
  clearTimeout(timer);
  rl.close();
  return 0;

  async function command(text: string): Promise<boolean> {
    const [name, ...rest] = text.split(/\s+/);
    switch (name) {
      case "/quit":
      case "/exit":
        return false;
      case "/advance": {
        const ms = parseDuration(rest.join(""));
        if (ms === null) say("usage: /advance 10m   (ms, s, m, h, d)");
        else {
          skipped += ms;
          say(dim(`(advanced ${rest.join("")})`));
          await sync();
        }
        return true;
      }
      case "/vars": {
        const session = runtime.session(user);
        const optOut = runtime.optedOut(user) ? "; opted out (text START to opt back in)" : "";
        say(session ? `topic ${inertLine(session.topic)}; ${inertJson(session.vars)}${optOut}` : `(no session yet)${optOut}`);
        return true;
      }
      case "/agent": {
        if (rest.length === 0) {
          say("usage: /agent <text>");
          return true;
        }
        const sent = await runtime.agent(user, rest.join(" "));
        say("ok" in sent ? dim(`(${sent.reason})`) : formatMessage(sent));
        return true;
      }
      case "/close": {
        const closed = await runtime.closeHandoff(user, rest[0] ?? null);
        if ("ok" in closed) say(dim(`(${closed.reason})`));
        else say(dim(`(handoff closed: the bot answers again, in topic ${inertLine(runtime.session(user)?.topic ?? "default")})`));
        return true;
      }
      case "/help":
        say(CHAT_COMMANDS);
        return true;
      default:
        say(
          `unknown command ${inertLine(name ?? "")}: the commands are\n${CHAT_COMMANDS}\n(a message that starts with / is a command; to send one to the bot, start it with a space)`,
        );
        return true;
    }
  }
}
