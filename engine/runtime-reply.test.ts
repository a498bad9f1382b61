/** @module Replies without spans: every depth stripped, authored JSON untouched, text-only templates shared, damaged values passed through. */
import { describe, expect, it } from "vitest";
import type { Span } from "../compiler/diagnostics/types.ts";
import type { ReplyIR, Template } from "../compiler/ir/types.ts";
import { runtimeReply, withoutSpans } from "./runtime-reply.ts";

const span: Span = { file: "a.bot", start: { offset: 0, line: 1, column: 1 }, end: { offset: 3, line: 1, column: 4 } };
const text = (value: string): Template[number] => ({ type: "text", value });
const star: Template[number] = { type: "star", index: 1, source: "user", span };

/** A template using every part that nests templates, each with its span. */
const NESTED: Template = [
  text("a"),
  { type: "set", name: "x", value: [star], span },
  { type: "botSet", name: "y", value: [star], span },
  { type: "envSet", name: "z", value: [star], span },
  { type: "math", op: "add", name: "n", value: [text("1"), star], span },
  { type: "random", options: [[star], [text("b")]], span },
  { type: "format", format: "uppercase", body: [star], span },
  { type: "inlineRedirect", target: [star], span },
  { type: "call", name: "m", args: [star], span },
  { type: "media", kind: "image", url: [star], span },
  { type: "buttons", labels: [[star], [text("No")]], span },
  { type: "link", url: [star], title: [star], span },
  { type: "link", url: [text("u")], title: null, span },
  { type: "reminder", name: "r", text: [star], at: [text("1")], span },
  { type: "template", json: { span: "the author's own key", items: [1, 2] }, span },
  { type: "metadata", json: ["span"], span },
  { type: "delay", seconds: 2, cancelable: false, span },
];

function hasSpan(value: unknown, insideJson = false): boolean {
  if (value === null || typeof value !== "object" || insideJson) return false;
  if (!Array.isArray(value) && Object.hasOwn(value, "span")) return true;
  return Object.entries(value).some(([key, child]) => hasSpan(child, key === "json"));
}

const stripJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => (key === "span" ? undefined : v)));

describe("withoutSpans", () => {
  it("drops spans at every depth and keeps everything else as it was", () => {
    const copy = withoutSpans(NESTED);
    expect(hasSpan(NESTED)).toBe(true);
    expect(hasSpan(copy)).toBe(false);
    // Same content apart from spans; JSON values (where `span` is the author's data) compared as they are.
    const jsonParts = copy.filter((p) => p.type === "template" || p.type === "metadata");
    expect(jsonParts.map((p) => (p as { json: unknown }).json)).toEqual([{ span: "the author's own key", items: [1, 2] }, ["span"]]);
    const withoutJson = (t: Template) => t.filter((p) => p.type !== "template" && p.type !== "metadata");
    expect(withoutJson(copy)).toEqual(stripJson(withoutJson(NESTED)));
  });

  it("shares a text-only template and the authored JSON instead of copying them", () => {
    const plain: Template = [text("hello "), text("there")];
    expect(withoutSpans(plain)).toBe(plain);
    const json = { span: 1 };
    const copy = withoutSpans([{ type: "template", json, span }]);
    expect((copy[0] as { json: unknown }).json).toBe(json);
  });

  it("leaves the IR it copies from untouched", () => {
    const before = structuredClone(NESTED);
    withoutSpans(NESTED);
    expect(NESTED).toEqual(before);
  });

  it("passes a damaged value (not a list of parts) through, so only the reply using it fails", () => {
    expect(withoutSpans(null as unknown as Template)).toBeNull();
  });
});

describe("runtimeReply", () => {
  it("keeps calls, redirect, conditions and weighted replies, without spans", () => {
    const reply: ReplyIR = {
      http: [{ method: "GET", name: "w", url: [text("https://x.test/"), star], options: [text("{}")], span }],
      redirect: [text("hello "), star],
      conditions: [{ left: [star], op: "==", right: [text("1")], body: [text("one")], span }],
      replies: [
        { weight: 2, body: [text("a"), star], span },
        { weight: 1, body: [text("b")], span },
      ],
    };
    const copy = runtimeReply(reply);
    expect(hasSpan(copy)).toBe(false);
    expect(copy).toEqual(stripJson(reply));
  });

  it("shares one empty list between replies without calls or conditions", () => {
    const plain = (body: string): ReplyIR => ({ http: [], redirect: null, conditions: [], replies: [{ weight: 1, body: [text(body)], span }] });
    const a = runtimeReply(plain("a"));
    const b = runtimeReply(plain("b"));
    expect(a.http).toBe(b.http);
    expect(a.conditions).toBe(b.conditions);
    expect(a.replies[0]!.body).toEqual([text("a")]);
  });
});
