/**
 * @module The real-brains conformance suite: RiveScript brains (test/conformance/brains/<name>/, each with its SOURCE.md
 * and LICENSE, plus any public brain named by `BOT_BRAINS_DIR`) answered by our compiler and engine and by rivescript 2.2.1.
 *
 * The corpus is generated from the reference's own parse of each brain's triggers, seeded, and played as one
 * conversation per brain: each input is made from a trigger of the topic the user is in, so topics, `%` lines and
 * variables set by earlier replies come into play. Before every turn our session is set to the reference's state
 * (topic, user and bot variables, history), so one difference does not cascade into the following turns and each
 * turn measures one thing: given the same state and message, do both engines answer with the same triggers?
 *
 * Replies are compared by the trigger that matched the message and the one that finally answered after redirects,
 * not by their text, because both engines choose random replies with their own random numbers. A turn agrees when
 * both triggers are the same, or when neither engine matched anything.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join, resolve } from "node:path";
import { compile } from "../../compiler/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import { loadBrain, newBotState, newSession, respond, type Brain } from "../../engine/index.ts";
import { normaliseMessage } from "../../engine/normalise.ts";
import type { BotState, EngineEnv, Random, Session } from "../../engine/types.ts";
import { seededRandom } from "../support/random.ts";

/** A rivescript-js 2.2.1 instance: the package ships no types, and the runner also reads its internal tables (`_topics`, `_sub` …). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type ReferenceBot = any;

const RiveScript = createRequire(import.meta.url)("rivescript");

export const BRAINS_DIR = new URL("./brains/", import.meta.url).pathname;

const USER = "localuser";
const NO_REPLY = "ERR: No Reply Matched";
/** Words a wildcard stands for, besides the brain's own trigger words. */
const FILLER = ["blue", "pizza", "john", "paris", "cats", "music", "today", "red", "tom", "chess"];

export interface BrainFiles {
  name: string;
  files: { path: string; text: string }[];
}

/** One turn of a brain's conversation and what each engine made of it. */
export interface Turn {
  input: string;
  ours: TurnAnswer;
  theirs: TurnAnswer;
  agree: boolean;
  /** For a disagreement: the documented deviation that explains it, or null for a real difference. */
  deviation: Deviation | null;
}

/**
 * Differences on purpose, each documented in docs/language.md ("Differences from rivescript"). A disagreement is
 * excluded only when its own test below recognises it; anything else counts against agreement.
 * - `deep-recursion`: a redirect loop. rivescript sends the text "ERR: Deep Recursion Detected" to the user; we send
 *   nothing and log RUN001 (and lint reports the loop before the bot runs).
 * - `undefined-array`: a trigger using an array no `! array` defines. rivescript turns `@name` into nothing, so
 *   `+ @yes` matches an empty (or punctuation-only) message; here it never matches, and lint warns.
 * - `substitution-inside-word`: rivescript applies a substitution with a first-occurrence substring replace on the
 *   whole message, so `! sub r = are` turns "what color r your eyes" into "what coloare r your eyes"; here a
 *   substitution replaces whole words only.
 * - `top-level-alternation`: a trigger such as `+ oh|omg` (alternatives not wrapped in `( )`, BOT029). rivescript
 *   compares it, having no other pattern syntax, as plain text with the message, so it never matches; here it is
 *   read as `(oh|omg)` and matches either word, as its author meant.
 * - `substitution-key-punctuation`: rivescript removes `. , ! ? ; :` from the message before it looks substitution
 *   keys up, but not from the keys, so a key such as `:)` or `:-(` never applies; here a key is matched as typed,
 *   so `! sub :-( = sad` turns "i am :-(" into "i am sad" (and `! sub :d = grin` leaves "vitamin d" alone).
 */
export type Deviation = "deep-recursion" | "undefined-array" | "substitution-inside-word" | "substitution-key-punctuation" | "top-level-alternation";

export const DEVIATIONS: readonly Deviation[] = [
  "deep-recursion",
  "undefined-array",
  "substitution-inside-word",
  "substitution-key-punctuation",
  "top-level-alternation",
];

export interface TurnAnswer {
  /** The trigger that matched the message, null for none. */
  first: string | null;
  /** The trigger that answered after redirects (same as `first` without redirects). */
  last: string | null;
  reply: string;
}

export interface BrainReport {
  name: string;
  /** Our compiler's errors on the brain's files: a brain with errors would be refused by every command. */
  errors: Diagnostic[];
  turns: Turn[];
  agreed: number;
  /** Disagreements explained by a documented deviation, by name. */
  excluded: Record<Deviation, number>;
}

/** Every brain folder, its `.rive` files in load order (sorted by name, as rivescript's loadDirectory reads them). */
export function loadBrains(dir = BRAINS_DIR): BrainFiles[] {
  return [...brainFolders(dir), ...extraBrainFolders()].map(({ name, path }) => ({
    name,
    files: readdirSync(path)
      .filter((file) => file.endsWith(".rive") || file.endsWith(".bot"))
      .sort()
      .map((file) => ({ path: file, text: readFileSync(join(path, file), "utf8") })),
  }));
}

/** The brains of one folder: the folder itself when it holds `.rive`/`.bot` files, else each of its subfolders. */
function brainFolders(dir: string): { name: string; path: string }[] {
  const entries = readdirSync(dir);
  if (entries.some((file) => file.endsWith(".rive") || file.endsWith(".bot"))) return [{ name: basename(dir), path: dir }];
  return entries
    .filter((name) => !name.startsWith(".") && statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({ name, path: join(dir, name) }));
}

/** Public brains are not shipped here: `BOT_BRAINS_DIR` (a `:`-separated list) adds brains from elsewhere, unmodified. */
export function extraBrainFolders(): { name: string; path: string }[] {
  const list = process.env["BOT_BRAINS_DIR"]?.trim();
  if (!list) return [];
  return list
    .split(":")
    .filter((entry) => entry !== "")
    .flatMap((entry) => brainFolders(resolve(entry)));
}

interface ReferenceTrigger {
  trigger: string;
  previous?: string | null;
}

/** The reference interpreter with the brain loaded; object macros are not run (their code is not ours to run). */
function referenceBot(brain: BrainFiles) {
  const rs = new RiveScript({ utf8: false });
  // Its warnings (an included topic without triggers …) are about the brain, not the comparison.
  rs.warn = () => {};
  rs.setHandler("javascript", null);
  for (const file of brain.files) rs.stream(file.text);
  rs.sortReplies();
  return rs;
}

/** Trigger texts as both engines report them: `{weight}` and the reference's `{inherits}` tags removed. */
export function triggerKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === "undefined") return null;
  return text
    .replace(/\{(?:weight|inherits)=\d+\}/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Runs one brain's seeded conversation through both engines. */
export async function runBrain(brain: BrainFiles, options: { seed?: number; turns?: number } = {}): Promise<BrainReport> {
  const seed = options.seed ?? 20261201;
  const random = seededRandom(seed);
  const { ir, diagnostics } = compile(brain.files);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const ours = loadBrain(ir);
  const rs = referenceBot(brain);
  const referenceTriggers = (Object.values(rs._topics) as ReferenceTrigger[][]).reduce((n, list) => n + list.length, 0);
  const count = options.turns ?? Math.min(600, Math.max(150, 3 * referenceTriggers));

  const env: EngineEnv = {
    clock: { now: () => 0 },
    random: seededRandom(seed + 1),
    fetcher: async () => ({ status: 0, text: "", error: "no network in conformance tests" }),
    macros: { call: async () => "[ERR: Object Not Found]" },
  };
  // A brain without `random` triggers expects its application to put the user in a topic: take the first one.
  const topics = Object.keys(rs._topics).filter((t) => t !== "__begin__" && rs._topics[t].length > 0);
  if (!topics.includes("random") && topics.length > 0) await rs.setUservar(USER, "topic", topics[0]);
  let session = newSession(USER, 0);
  let bot = newBotState(ir);
  const visited = new Set<string>();
  const turns: Turn[] = [];
  const mathRandom = Math.random;
  Math.random = seededRandom(seed + 2);
  try {
    for (let i = 0; i < count; i++) {
      const input = await nextInput(rs, random, visited);
      ({ session, bot } = await syncFromReference(rs, ours, session, bot));
      const result = await respond(ours, { session, bot }, { from: USER, body: input, media: [] }, env);
      const oursAnswer: TurnAnswer = {
        first: result.matched ? triggerKey(result.triggers[0]) : null,
        last: result.matched ? triggerKey(result.triggers.at(-1)) : null,
        reply: result.matched ? result.reply : NO_REPLY,
      };
      const reply: string = await rs.reply(USER, input);
      const matched = !reply.startsWith(NO_REPLY);
      const theirs: TurnAnswer = {
        first: matched ? triggerKey(await rs.initialMatch(USER)) : null,
        last: matched ? triggerKey(await rs.lastMatch(USER)) : null,
        reply,
      };
      // A redirect loop is never agreement: rivescript's reply is then its error text, ours is nothing.
      const agree = oursAnswer.first === theirs.first && oursAnswer.last === theirs.last && !reply.startsWith("ERR: Deep Recursion");
      const looped = result.effects.some((e) => e.type === "log" && e.code === "RUN001");
      turns.push({ input, ours: oursAnswer, theirs, agree, deviation: agree ? null : explain(rs, input, oursAnswer, theirs, looped) });
      session = result.session;
      bot = result.bot;
    }
  } finally {
    Math.random = mathRandom;
  }
  const excluded = Object.fromEntries(DEVIATIONS.map((d) => [d, turns.filter((t) => t.deviation === d).length])) as Record<Deviation, number>;
  return { name: brain.name, errors, turns, agreed: turns.filter((t) => t.agree).length, excluded };
}

/** Recognises a documented deviation from what the reference did with the message; null when none applies. */
function explain(rs: ReferenceBot, input: string, ours: TurnAnswer, theirs: TurnAnswer, looped: boolean): Deviation | null {
  if (theirs.reply.startsWith("ERR: Deep Recursion Detected") && looped) return "deep-recursion";
  const arrays = [...(theirs.first ?? "").matchAll(/@([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  if (arrays.some((name) => rs._array[name] === undefined)) return "undefined-array";
  if (substitutesInsideWord(rs, input)) return "substitution-inside-word";
  if (punctuatedKeyApplies(rs, input)) return "substitution-key-punctuation";
  // Only `|` and words: the reference's isAtomic takes it as plain text.
  if (ours.first !== null && /^[^*#_()[\]<@]*\|[^*#_()[\]<@]*$/.test(ours.first)) return "top-level-alternation";
  return null;
}

/**
 * A substitution key with `. , ! ? ; :` in it that is in the message as typed (whole tokens, sentence punctuation
 * after a token set aside), as engine/normalise.ts matches keys.
 */
function punctuatedKeyApplies(rs: ReferenceBot, input: string): boolean {
  const tokens = input
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== "");
  const typed = ` ${tokens.join(" ")} `;
  const trimmed = ` ${tokens.map((t) => t.replace(/[.,!?;:]+$/, "")).join(" ")} `;
  return Object.keys((rs._sub ?? {}) as Record<string, string>).some((key) => {
    if (!/[.,!?;:]/.test(key)) return false;
    const written = ` ${key.toLowerCase().trim().split(/\s+/).join(" ")} `;
    return typed.includes(written) || trimmed.includes(written);
  });
}

/** The reference's substitution walk (brain.js `substitute`) hit a key whose first occurrence is inside a word. */
function substitutesInsideWord(rs: ReferenceBot, input: string): boolean {
  const message = input.toLowerCase();
  const words = message.replace(/[.,!?;:]/g, "").split(" ");
  const subs = (rs._sub ?? {}) as Record<string, string>;
  for (let start = 0; start < words.length; start++) {
    for (let end = Math.min(words.length, start + (rs._submax ?? 1)); end > start; end--) {
      const key = words.slice(start, end).join(" ");
      if (subs[key] === undefined) continue;
      const at = message.indexOf(key);
      const before = at > 0 ? message.charAt(at - 1) : " ";
      const after = message.charAt(at + key.length) || " ";
      if (/[a-z0-9]/.test(before) || /[a-z0-9]/.test(after)) return true;
      break;
    }
  }
  return false;
}

/** Our session takes the reference's topic, variables and history, so each turn starts from the same state. */
async function syncFromReference(rs: ReferenceBot, brain: Brain, session: Session, bot: BotState): Promise<{ session: Session; bot: BotState }> {
  const vars: Record<string, unknown> = (await rs.getUservars(USER)) ?? {};
  const userVars: Record<string, string> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (key.startsWith("__") || key === "topic" || value === "undefined" || value === undefined || value === null) continue;
    userVars[key] = String(value);
  }
  const topic = typeof vars.topic === "string" && vars.topic !== "random" ? vars.topic : "default";
  const history = vars.__history__ as { input: string[]; reply: string[] } | undefined;
  const normalised = (list: string[] | undefined) =>
    (list ?? [])
      .filter((entry) => entry !== "undefined")
      .slice(0, 9)
      .map((entry) => normaliseMessage(entry, brain.subs).text);
  const botVars: Record<string, string> = {};
  for (const [key, value] of Object.entries(rs._var as Record<string, unknown>)) {
    if (value !== "undefined" && value !== undefined && value !== null) botVars[key] = String(value);
  }
  return {
    session: { ...session, topic, vars: userVars, history: { input: normalised(history?.input), reply: normalised(history?.reply) } },
    bot: { ...bot, vars: botVars },
  };
}

/** The next input: mostly made from a trigger of the user's topic not used yet, sometimes free words. */
async function nextInput(rs: ReferenceBot, random: Random, visited: Set<string>): Promise<string> {
  const uservars: Record<string, unknown> = (await rs.getUservars(USER)) ?? {};
  const topic = typeof uservars.topic === "string" && rs._topics[uservars.topic] ? uservars.topic : "random";
  const available = topicTriggers(rs, topic, new Set());
  const fresh = available.filter((t) => !visited.has(t));
  const pool = fresh.length > 0 && random() < 0.85 ? fresh : available;
  if (pool.length === 0 || random() < 0.05) return pick(random, FILLER) + " " + pick(random, FILLER);
  const trigger = pool[Math.floor(random() * pool.length)]!;
  visited.add(trigger);
  const text = expand(trigger, { rs, random, uservars });
  return surface(text, rs, random);
}

/** A topic's triggers and those of the topics it includes or inherits, as the reference parsed them. */
function topicTriggers(rs: ReferenceBot, topic: string, seen: Set<string>): string[] {
  if (seen.has(topic)) return [];
  seen.add(topic);
  const own = ((rs._topics[topic] ?? []) as ReferenceTrigger[]).map((t) => t.trigger);
  const related = [...Object.keys(rs._includes[topic] ?? {}), ...Object.keys(rs._inherits[topic] ?? {})];
  return [...own, ...related.flatMap((name) => topicTriggers(rs, name, seen))];
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

interface ExpandContext {
  rs: ReferenceBot;
  random: Random;
  uservars: Record<string, unknown>;
}

/** A message the trigger was written to match: one option of each group, words for wildcards, array items. */
export function expand(trigger: string, ctx: ExpandContext): string {
  const text = trigger.replace(/\{(?:weight|inherits)=\d+\}/g, "");
  let i = 0;
  const parseSeq = (stop: string): string[][] => {
    // Returns the options of a group (split on `|` at this depth), each a list of pieces.
    const options: string[][] = [[]];
    while (i < text.length) {
      const c = text[i]!;
      if (stop.includes(c)) return options;
      if (c === "|") {
        options.push([]);
        i++;
        continue;
      }
      options.at(-1)!.push(parsePiece());
    }
    return options;
  };
  const parsePiece = (): string => {
    const c = text[i]!;
    if (c === "(" || c === "[") {
      i++;
      const options = parseSeq(c === "(" ? ")" : "]");
      i++;
      if (c === "[" && ctx.random() < 0.5) return " ";
      return ` ${pick(ctx.random, options).join("")} `;
    }
    if (c === "*") {
      i++;
      return ctx.random() < 0.7 ? pick(ctx.random, FILLER) : `${pick(ctx.random, FILLER)} ${pick(ctx.random, FILLER)}`;
    }
    if (c === "#") {
      i++;
      return String(Math.floor(ctx.random() * 100));
    }
    if (c === "_") {
      i++;
      return pick(ctx.random, FILLER);
    }
    if (c === "@") {
      const name = /^@([A-Za-z0-9_]+)/.exec(text.slice(i))?.[1] ?? "";
      i += 1 + name.length;
      const items: string[] = ctx.rs._array[name] ?? [];
      return items.length > 0 ? pick(ctx.random, items) : "";
    }
    if (c === "<") {
      const end = text.indexOf(">", i);
      const tag = end < 0 ? "" : text.slice(i + 1, end);
      i = end < 0 ? text.length : end + 1;
      const [kind, name] = tag.split(/\s+/);
      if (kind === "bot") return String(ctx.rs._var[name ?? ""] ?? "undefined");
      if (kind === "get") return String(ctx.uservars[name ?? ""] ?? "undefined");
      return "undefined";
    }
    i++;
    return c;
  };
  return parseSeq("")[0]!.join("").replace(/\s+/g, " ").trim();
}

/** How people type: sometimes capitalised, with end punctuation, or with a contraction the brain substitutes. */
function surface(text: string, rs: ReferenceBot, random: Random): string {
  let out = text;
  const subs = Object.entries((rs._sub ?? {}) as Record<string, string>);
  if (subs.length > 0 && random() < 0.25) {
    const candidates = subs.filter(([, to]) => new RegExp(`(^| )${escapeRegExp(to.toLowerCase())}( |$)`).test(out));
    if (candidates.length > 0) {
      const [from, to] = pick(random, candidates);
      out = out.replace(new RegExp(`(^| )${escapeRegExp(to.toLowerCase())}( |$)`), `$1${from}$2`);
    }
  }
  if (random() < 0.3) out = out.charAt(0).toUpperCase() + out.slice(1);
  if (random() < 0.3) out += pick(random, ["?", "!", "."]);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Turns that got a reply rivescript could have given, counting documented deviations as agreement. */
export function accepted(report: BrainReport): number {
  return report.agreed + Object.values(report.excluded).reduce((n, k) => n + k, 0);
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
}

/** The per-brain table `npm run conformance:brains` prints. */
export function formatReports(reports: BrainReport[]): string {
  const row = (name: string, agreed: number, ok: number, total: number, excluded: string, status: string) =>
    `${name.padEnd(16)} ${`${agreed}/${total}`.padStart(9)} ${percent(agreed, total).padStart(7)} ${percent(ok, total).padStart(9)}  ${excluded.padEnd(60)} ${status}`;
  const rows = reports.map((r) => {
    const status =
      r.errors.length === 0
        ? "compiles"
        : `DOES NOT COMPILE (${r.errors.length} error${r.errors.length === 1 ? "" : "s"}: ${[...new Set(r.errors.map((e) => e.code))].join(", ")})`;
    const excluded =
      DEVIATIONS.filter((d) => r.excluded[d] > 0)
        .map((d) => `${d} ${r.excluded[d]}`)
        .join(", ") || "-";
    return row(r.name, r.agreed, accepted(r), r.turns.length, excluded, status);
  });
  const agreed = reports.reduce((n, r) => n + r.agreed, 0);
  const ok = reports.reduce((n, r) => n + accepted(r), 0);
  const total = reports.reduce((n, r) => n + r.turns.length, 0);
  return [
    `${"brain".padEnd(16)} ${"same".padStart(9)} ${"share".padStart(7)} ${"+excluded".padStart(9)}  ${"excluded by name".padEnd(60)} our compiler`,
    ...rows,
    row("all", agreed, ok, total, "", ""),
  ].join("\n");
}

/** Each disagreement that no documented deviation explains, for the report. */
export function formatDifferences(report: BrainReport, limit = 200): string[] {
  return report.turns
    .filter((t) => !t.agree && t.deviation === null)
    .slice(0, limit)
    .map(
      (t) =>
        `${report.name}: ${JSON.stringify(t.input)}: ours ${t.ours.first ?? "(none)"}${t.ours.last !== t.ours.first ? ` → ${t.ours.last}` : ""}; rivescript ${t.theirs.first ?? "(none)"}${t.theirs.last !== t.theirs.first ? ` → ${t.theirs.last}` : ""}`,
    );
}
