/** @module Keeps compiler/ir/types.ts and schema.json in step, and checks that compiled IR validates. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile } from "../../compiler/index.ts";
import { validateIR } from "../../compiler/ir/validate.ts";
import { validScript } from "./arbitraries.ts";

const root = new URL("../../", import.meta.url).pathname;
const typesText = readFileSync(join(root, "compiler/ir/types.ts"), "utf8");
const schema = JSON.parse(readFileSync(join(root, "compiler/ir/schema.json"), "utf8"));

/** The `type: "…"` literals of one union in types.ts, read from the source text between two markers. */
function unionTypes(from: string, to: string): string[] {
  const start = typesText.indexOf(from);
  const body = typesText.slice(start, typesText.indexOf(to, start + from.length));
  return [...body.matchAll(/\{ type: "(\w+)"/g)].map((m) => m[1] ?? "").sort();
}

function schemaTypes(definition: string): string[] {
  return (schema.definitions[definition].oneOf as { properties: { type: { const: string } } }[]).map((b) => b.properties.type.const).sort();
}

describe("IR schema", () => {
  it("has one branch per TemplatePart type in types.ts and no other", () => {
    const types = unionTypes("export type TemplatePartNode =", "export type TemplatePartType");
    expect(types.length).toBeGreaterThan(25);
    expect(schemaTypes("templatePart")).toEqual(types);
  });

  it("has one branch per PatternPart type in types.ts and no other", () => {
    const types = unionTypes("export type PatternPart =", "// === Replies");
    expect(types).toContain("literal");
    expect(schemaTypes("patternPart")).toEqual(types);
  });

  it("requires every field of BotIR, TriggerIR and TopicIR that types.ts declares", () => {
    const fields = (iface: string): string[] => {
      const start = typesText.indexOf(`export interface ${iface} {`);
      const body = typesText.slice(start, typesText.indexOf("\n}", start));
      return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1] ?? "").sort();
    };
    expect([...schema.required].sort()).toEqual(fields("BotIR"));
    expect([...schema.definitions.trigger.required].sort()).toEqual(fields("TriggerIR"));
    expect([...schema.definitions.topic.required].sort()).toEqual(fields("TopicIR"));
    expect([...schema.definitions.reply.required].sort()).toEqual(fields("ReplyIR"));
  });

  it("accepts the IR of every golden sample", () => {
    const samples = join(root, "test/samples");
    for (const name of readdirSync(samples)) {
      const text = readFileSync(join(samples, name, "input.bot"), "utf8");
      const { ir } = compile([{ path: "input.bot", text }]);
      expect(validateIR(JSON.parse(JSON.stringify(ir))), name).toEqual({ ok: true, errors: [] });
    }
  });

  it("accepts the IR of generated valid scripts (200 runs)", () => {
    fc.assert(
      fc.property(validScript, (text) => {
        const { ir } = compile([{ path: "p.bot", text }]);
        expect(validateIR(JSON.parse(JSON.stringify(ir)))).toEqual({ ok: true, errors: [] });
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("rejects IR with a wrong part, a missing field or another irVersion", () => {
    const { ir } = compile([{ path: "p.bot", text: "+ hi\n- hello <star>\n" }]);
    const json = JSON.parse(JSON.stringify(ir));
    json.triggers[0].reply.replies[0].body[1].type = "stars";
    expect(validateIR(json).ok).toBe(false);
    const missing = JSON.parse(JSON.stringify(ir));
    delete missing.topics.default.triggers;
    expect(validateIR(missing).errors.join()).toContain("triggers");
    expect(validateIR({ ...ir, irVersion: 3 }).errors[0]).toContain("irVersion is 3");
  });
});
