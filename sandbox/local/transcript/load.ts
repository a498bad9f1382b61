/** @module Reads a `*.test.yaml` transcript: YAML with positions, schema check, defaults, steps with lines. */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { LineCounter, isMap, isNode, isScalar, parseDocument, type Document } from "yaml";
import type { ErrorObject } from "ajv";
import { validateTranscript } from "./schema.ts";
import { parseDuration } from "./duration.ts";
import type { CannedResponse, ExpectedMessage, Step, TestCase, Transcript, TranscriptError } from "./types.ts";
import type { HelpMode } from "../../../sms/keywords/index.ts";

export const DEFAULT_USER = "+15550001111";

export type LoadResult = { ok: true; transcript: Transcript } | { ok: false; errors: TranscriptError[] };

export function loadTranscript(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return fail(file, 0, 0, `cannot read the transcript: ${(error as Error).message}`);
  }
  return parseTranscript(file, text);
}

export function parseTranscript(file: string, text: string): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, ...pos(at(e.pos[0])), message: `YAML: ${e.message.split("\n")[0]}` })),
    };
  }
  const data: unknown = doc.toJS();
  const lineOf = (path: (string | number)[], atKey = false) => pos(at(atKey ? keyOffset(doc, path) : nodeOffset(doc, path)));
  const misplaced = misplacedOptedOut(data);
  const valid = validateTranscript(data);
  if (misplaced.length > 0 || !valid) {
    // A misplaced `optedOut` is explained once, not also as the expectation shapes it fails.
    const inMisplaced = (path: (string | number)[]) => misplaced.some((m) => m.path.slice(0, 5).every((part, i) => path[i] === part));
    const shapeErrors = valid ? [] : schemaErrors(validateTranscript.errors ?? []).filter((e) => !inMisplaced(e.path));
    const all = [...misplaced, ...shapeErrors].map((e) => ({ file, ...lineOf(e.path, "atKey" in e && e.atKey === true), message: e.message }));
    return { ok: false, errors: all.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const raw = data as RawTranscript;
  if ((raw.bot === undefined) === (raw.script === undefined)) {
    return fail(file, 1, 1, "give the bot to test with exactly one of `bot: path` or `script: |`");
  }
  const errors: TranscriptError[] = [];
  const globalHttp = raw.http ?? {};
  const tests = raw.tests.map((test, t): TestCase => ({
    name: test.name,
    line: lineOf(["tests", t]).line,
    seed: test.seed ?? raw.seed ?? 1,
    now: toTime(test.now ?? raw.now ?? 0),
    http: { ...globalHttp, ...(test.http ?? {}) },
    steps: test.steps.map((step, s): Step => {
      const where = lineOf(["tests", t, "steps", s]);
      let action: Step["action"] = null;
      if (step.say !== undefined) action = { type: "say", text: step.say, media: step.media ?? [] };
      if (step.agent !== undefined) action = { type: "agent", text: step.agent };
      if (step.close !== undefined)
        action =
          typeof step.close === "object"
            ? { type: "close", topic: step.close.topic ?? null, message: step.close.message ?? null }
            : { type: "close", topic: typeof step.close === "string" ? step.close : null, message: null };
      if (step.advance !== undefined) {
        const ms = parseDuration(step.advance);
        if (ms === null) errors.push({ file, ...where, message: `advance: cannot read the duration ${JSON.stringify(step.advance)}` });
        action = { type: "advance", ms: ms ?? 0 };
      }
      return {
        line: where.line,
        user: step.user ?? test.user ?? raw.user ?? DEFAULT_USER,
        set: step.set ? stringValues(step.set) : null,
        action,
        expect: step.expect === undefined ? null : expectation(step.expect),
        vars: step.vars ? stringValues(step.vars) : null,
        topic: step.topic ?? null,
        optedOut: step.optedOut ?? null,
      };
    }),
  }));
  if (errors.length > 0) return { ok: false, errors };
  const sourceLine = lineOf([raw.bot !== undefined ? "bot" : "script"]).line;
  return {
    ok: true,
    transcript: {
      file,
      dir: dirname(file),
      source: raw.bot !== undefined ? { type: "path", path: raw.bot, line: sourceLine } : { type: "script", text: raw.script!, line: sourceLine },
      help: raw.help ?? null,
      tests,
    },
  };
}

type Scalar = string | number | boolean | null;
type RawExpect = string | { none: true } | ExpectedMessage | (string | ExpectedMessage)[];
interface RawTranscript {
  bot?: string;
  script?: string;
  seed?: number;
  now?: number | string;
  user?: string;
  help?: HelpMode;
  http?: Record<string, CannedResponse>;
  tests: {
    name: string;
    user?: string;
    seed?: number;
    now?: number | string;
    http?: Record<string, CannedResponse>;
    steps: {
      say?: string;
      media?: string[];
      user?: string;
      advance?: number | string;
      expect?: RawExpect;
      vars?: Record<string, Scalar>;
      set?: Record<string, Scalar>;
      topic?: string;
      optedOut?: boolean;
      agent?: string;
      close?: true | string | { topic?: string; message?: string };
    }[];
  }[];
}

/**
 * `optedOut` is a state check of the step, like `topic` and `vars`, not a property of a message: written inside
 * `expect` it gets a sentence that says where it goes instead of the list of matcher shapes.
 */
function misplacedOptedOut(data: unknown): { path: (string | number)[]; message: string }[] {
  const tests = (data as { tests?: unknown } | null)?.tests;
  if (!Array.isArray(tests)) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  tests.forEach((test, t) => {
    const steps = (test as { steps?: unknown } | null)?.steps;
    if (!Array.isArray(steps)) return;
    steps.forEach((step, s) => {
      const expect = (step as { expect?: unknown } | null)?.expect;
      const items = Array.isArray(expect) ? expect.map((m, i) => [m, i] as const) : [[expect, null] as const];
      for (const [item, i] of items) {
        if (typeof item !== "object" || item === null || !("optedOut" in item)) continue;
        const path = ["tests", t, "steps", s, "expect", ...(i === null ? [] : [i]), "optedOut"];
        out.push({
          path,
          message: `${describePath(path.slice(0, -1))}"optedOut" checks the user, not a message: write it beside expect, as its own key of the step ("optedOut: true"), and "expect: []" for no message`,
        });
      }
    });
  });
  return out;
}

function expectation(raw: RawExpect): ExpectedMessage[] {
  if (typeof raw === "string") return [{ body: trimYamlNewline(raw) }];
  if (Array.isArray(raw)) return raw.map((m) => (typeof m === "string" ? { body: trimYamlNewline(m) } : m));
  if ("none" in raw) return [];
  return [raw];
}

/** A `|` block scalar ends in a newline the author did not mean as part of the message. */
const trimYamlNewline = (s: string) => s.replace(/\n$/, "");

const stringValues = (values: Record<string, Scalar>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? null : String(v)]));

const toTime = (value: number | string) => (typeof value === "number" ? value : Date.parse(value));

function nodeOffset(doc: Document, path: (string | number)[]): number {
  // Walk up to the nearest part of the path that exists in the document (a missing key points at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** Where the key that is the last part of `path` is written (the value's position when no such key node is found). */
function keyOffset(doc: Document, path: (string | number)[]): number {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return nodeOffset(doc, path);
}

const pos = (p: { line: number; col: number }) => ({ line: p.line, column: p.col });

function fail(file: string, line: number, column: number, message: string): LoadResult {
  return { ok: false, errors: [{ file, line, column, message }] };
}

/** Turns ajv's errors into one sentence per problem, using the schema's hints for unions. */
function schemaErrors(errors: ErrorObject[]): { path: (string | number)[]; message: string; atKey?: true }[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "not");
  const insideUnion = (e: ErrorObject) =>
    unions.some((u) => u !== e && e.schemaPath.startsWith(u.schemaPath.replace(/\/(anyOf|not)$/, "/")) && e.instancePath.startsWith(u.instancePath));
  const out = new Map<string, { path: (string | number)[]; message: string; atKey?: true }>();
  for (const e of errors) {
    if (insideUnion(e)) continue;
    const path = e.instancePath
      .split("/")
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~")));
    const where = describePath(path);
    let message: string;
    // An unknown key is pointed at itself (`- sya: hi` at `sya`), not at its value.
    let atKey = false;
    switch (e.keyword) {
      case "additionalProperties": {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        message = `${where}unknown key "${key}"${allowed.length ? ` (expected one of: ${allowed.join(", ")})` : ""}`;
        path.push(key);
        atKey = true;
        break;
      }
      case "enum": {
        const hint = (e.parentSchema as Record<string, string> | undefined)?.["x-hint"];
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ");
        message = `${where}${hint ?? `must be one of ${allowed}`}`;
        break;
      }
      case "required":
        message = `${where}missing "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case "anyOf":
      case "not":
        message = `${where}${(e.parentSchema as Record<string, string> | undefined)?.["x-hint"] ?? e.message}`;
        break;
      default:
        message = `${where}${e.message ?? "is invalid"}`;
    }
    out.set(`${e.instancePath}|${message}`, { path, message, ...(atKey && { atKey: true as const }) });
  }
  return [...out.values()];
}

function describePath(path: (string | number)[]): string {
  if (path.length === 0) return "";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") + ": ";
}
