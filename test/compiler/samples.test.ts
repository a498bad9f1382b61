/** @module Golden samples: test/samples/<scenario>/input.bot → ir.json + diagnostics.json. `UPDATE_SNAPSHOTS=1` rewrites them. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";

const samples = new URL("../samples/", import.meta.url).pathname;
const update = process.env["UPDATE_SNAPSHOTS"] === "1";

describe("golden samples", () => {
  for (const name of readdirSync(samples).sort()) {
    it(name, () => {
      const dir = join(samples, name);
      const { ir, diagnostics } = compile([{ path: "input.bot", text: readFileSync(join(dir, "input.bot"), "utf8") }]);
      const actual = {
        // The package version changes with every release; the snapshot keeps everything else.
        "ir.json": { ...ir, compiler: { ...ir.compiler, version: "(package version)" } },
        "diagnostics.json": diagnostics.map((d) => ({
          code: d.code,
          severity: d.severity,
          message: d.message,
          start: { line: d.span.start.line, column: d.span.start.column },
          end: { line: d.span.end.line, column: d.span.end.column },
        })),
      };
      for (const [file, value] of Object.entries(actual)) {
        const path = join(dir, file);
        const text = `${JSON.stringify(value, null, 2)}\n`;
        if (update || !existsSync(path)) writeFileSync(path, text);
        else {
          if (readFileSync(path, "utf8") !== text) writeFileSync(join(dir, file.replace(".json", "_actual.json")), text);
          expect(JSON.parse(text), `${name}/${file}`).toEqual(JSON.parse(readFileSync(path, "utf8")));
        }
      }
    });
  }
});
