/** @module One part of every type: which templates each nests, and that mapping them copies only parts that have any. */
import { describe, expect, it } from "vitest";
import { templateChildren, withTemplateChildren } from "./template-children.ts";
import type { Template, TemplatePart, TemplatePartType } from "./types.ts";

const t = (value: string): Template => [{ type: "text", value }];

/**
 * One part of each type with the templates it nests. Typed as a record over every part type, so adding a
 * type to `types.ts` fails to compile here until its children are listed.
 */
const CASES: { [K in TemplatePartType]: { part: Extract<TemplatePart, { type: K }>; children: Template[] } } = {
  text: { part: { type: "text", value: "hi" }, children: [] },
  star: { part: { type: "star", index: 1, source: "user" }, children: [] },
  input: { part: { type: "input", index: 1 }, children: [] },
  reply: { part: { type: "reply", index: 1 }, children: [] },
  id: { part: { type: "id" }, children: [] },
  get: { part: { type: "get", name: "n" }, children: [] },
  bot: { part: { type: "bot", name: "n" }, children: [] },
  env: { part: { type: "env", name: "n" }, children: [] },
  arrayPick: { part: { type: "arrayPick", name: "colors" }, children: [] },
  httpValue: { part: { type: "httpValue", call: null, path: ["a"] }, children: [] },
  set: { part: { type: "set", name: "n", value: t("set") }, children: [t("set")] },
  botSet: { part: { type: "botSet", name: "n", value: t("botSet") }, children: [t("botSet")] },
  envSet: { part: { type: "envSet", name: "n", value: t("envSet") }, children: [t("envSet")] },
  math: { part: { type: "math", op: "add", name: "n", value: t("1") }, children: [t("1")] },
  topic: { part: { type: "topic", name: "random" }, children: [] },
  random: { part: { type: "random", options: [t("a"), t("b")] }, children: [t("a"), t("b")] },
  format: { part: { type: "format", format: "uppercase", body: t("body") }, children: [t("body")] },
  inlineRedirect: { part: { type: "inlineRedirect", target: t("target") }, children: [t("target")] },
  call: { part: { type: "call", name: "m", args: t("args") }, children: [t("args")] },
  ok: { part: { type: "ok" }, children: [] },
  send: { part: { type: "send" }, children: [] },
  delay: { part: { type: "delay", seconds: 2, cancelable: true }, children: [] },
  noReply: { part: { type: "noReply" }, children: [] },
  media: { part: { type: "media", kind: "image", url: t("url") }, children: [t("url")] },
  buttons: { part: { type: "buttons", labels: [t("Yes"), t("No")] }, children: [t("Yes"), t("No")] },
  link: { part: { type: "link", url: t("url"), title: t("title") }, children: [t("url"), t("title")] },
  reminder: { part: { type: "reminder", name: "r", text: t("text"), at: t("at") }, children: [t("text"), t("at")] },
  reminderCancel: { part: { type: "reminderCancel", name: "r" }, children: [] },
  template: { part: { type: "template", json: { span: [t("not a child")] } }, children: [] },
  metadata: { part: { type: "metadata", json: [t("not a child")] }, children: [] },
  notifyAgent: { part: { type: "notifyAgent" }, children: [] },
};

const upper = (template: Template): Template => template.map((p) => (p.type === "text" ? { type: "text", value: p.value.toUpperCase() } : p));

describe("templateChildren", () => {
  it.each(Object.entries(CASES))("%s", (_type, { part, children }) => {
    expect(templateChildren(part)).toEqual(children);
  });

  it("lists a name built from tags before the value, as it is written", () => {
    const name: Template = [
      { type: "text", value: "fav" },
      { type: "star", index: 1, source: "user" },
    ];
    expect(templateChildren({ type: "get", name })).toEqual([name]);
    expect(templateChildren({ type: "bot", name })).toEqual([name]);
    expect(templateChildren({ type: "set", name, value: t("v") })).toEqual([name, t("v")]);
    expect(templateChildren({ type: "math", op: "add", name, value: t("1") })).toEqual([name, t("1")]);
    const mapped = withTemplateChildren({ type: "envSet", name, value: t("v") }, upper, undefined);
    expect(mapped).toEqual({ type: "envSet", name: [{ type: "text", value: "FAV" }, name[1]], value: t("V") });
  });

  it("lists only the url of a link without a title", () => {
    expect(templateChildren({ type: "link", url: t("url"), title: null })).toEqual([t("url")]);
  });
});

describe("withTemplateChildren", () => {
  it.each(Object.entries(CASES))("%s", (_type, { part, children }) => {
    const before = structuredClone(part);
    const mapped = withTemplateChildren(part, upper, undefined);
    expect(templateChildren(mapped)).toEqual(children.map(upper));
    // A part without nested templates is shared; one with them is a copy and the original is untouched.
    if (children.length === 0) expect(mapped).toBe(part);
    else expect(mapped).not.toBe(part);
    expect(part).toEqual(before);
    // Everything but the nested templates is kept: mapping with the identity gives the same part back.
    expect(withTemplateChildren(part, (same) => same, undefined)).toEqual(part);
  });

  it("keeps a missing link title missing and passes the context to every call", () => {
    const seen: string[] = [];
    const record = (template: Template, into: string[]): Template => {
      into.push(JSON.stringify(template));
      return template;
    };
    const mapped = withTemplateChildren({ type: "link", url: t("url"), title: null }, record, seen);
    expect(mapped).toEqual({ type: "link", url: t("url"), title: null });
    expect(seen).toEqual([JSON.stringify(t("url"))]);
  });
});
