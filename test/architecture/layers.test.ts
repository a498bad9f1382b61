/** @module ARCHITECTURE.md names files that exist and the layers the code linter enforces; the rules (.dependency-cruiser.cjs) catch an upward import, a cycle and a production import of the sandbox. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const REPO = new URL("../..", import.meta.url).pathname;
const doc = readFileSync(join(REPO, "ARCHITECTURE.md"), "utf8");
const rules = readFileSync(join(REPO, ".dependency-cruiser.cjs"), "utf8");

/** Every `code` span that reads as a repository path: has a slash or a file extension, and is not a package name. */
function namedPaths(text: string): string[] {
  const spans = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]!);
  return [...new Set(spans.filter((s) => /^[\w.-]+(\/[\w.-]*)+$|^[\w.-]+\.(ts|cjs|json|md)$/.test(s) && !s.startsWith("dexter-bot")))];
}

describe("ARCHITECTURE.md", () => {
  const paths = namedPaths(doc);

  it("names the files of both walks", () => {
    expect(paths).toContain("runtime/inbound/inbound-route.ts");
    expect(paths).toContain("compiler/3-emit/index.ts");
    expect(paths.length).toBeGreaterThan(40);
  });

  it("names only paths that exist", () => {
    expect(paths.filter((p) => !existsSync(join(REPO, p)))).toEqual([]);
  });

  it("lists the layers the code linter enforces, in its order", () => {
    const enforced = [...rules.matchAll(/\{ name: "([\w-]+)", path: /g)].map((m) => m[1]!);
    const documented = [...doc.matchAll(/^\| ([\w-]+) \| `/gm)].map((m) => m[1]!);
    expect(enforced.length).toBeGreaterThan(10);
    expect(documented).toEqual(enforced);
  });
});

describe("the layer rules (dependency-cruiser)", () => {
  const dir = mkdtempSync(join(tmpdir(), "layers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowImportingTsExtensions: true, noEmit: true } }),
  );
  write("compiler/ir/types.ts", "export type IR = { v: number };\n");
  // Allowed: the engine uses the core; a feature uses the store.
  write("engine/step.ts", 'import type { IR } from "../compiler/ir/types.ts";\nexport const step = (ir: IR) => ir.v;\n');
  write("runtime/outbox/send.ts", 'import { row } from "../store/rows.ts";\nexport const send = row;\n');
  // Upward: the store reaching into a feature (type-only counts too).
  write("runtime/store/rows.ts", 'import type { Render } from "../broadcast/render.ts";\nexport const row = 1;\nexport type R = Render;\n');
  write("runtime/broadcast/render.ts", "export type Render = string;\n");
  // Production code importing a sandbox tool.
  write("runtime/twilio/client.ts", 'import { emulator } from "../../sandbox/emulator/index.ts";\nexport const client = emulator;\n');
  write("sandbox/emulator/index.ts", "export const emulator = 1;\n");
  // A cycle inside one layer.
  write("compiler/1-parse/a.ts", 'import { b } from "./b.ts";\nexport const a = () => b;\n');
  write("compiler/1-parse/b.ts", 'import { a } from "./a.ts";\nexport const b = () => a;\n');

  const run = spawnSync(
    process.execPath,
    [join(REPO, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"), "compiler", "engine", "runtime", "sandbox"].concat([
      "--config",
      join(REPO, ".dependency-cruiser.cjs"),
      "--output-type",
      "err",
    ]),
    { cwd: dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
  );
  /** The `err` reporter's lines, as `npm run lint:code` prints them: `error RULE: FROM → TO` (a cycle's path on the lines after). */
  const violations = (): { rule: string; from: string; to: string }[] =>
    [...run.stdout.matchAll(/^\s*error ([\w-]+): (\S+) → ?(\S*)/gm)].map((m) => ({ rule: m[1]!, from: m[2]!, to: m[3]! }));

  it("fails the run", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).not.toBe(0);
  });

  it("reports the store importing a feature, and production code importing the sandbox", () => {
    expect(violations()).toEqual(
      expect.arrayContaining([
        { rule: "layer-store", from: "runtime/store/rows.ts", to: "runtime/broadcast/render.ts" },
        { rule: "layer-runtime", from: "runtime/twilio/client.ts", to: "sandbox/emulator/index.ts" },
      ]),
    );
  });

  it("reports the cycle", () => {
    expect(
      violations()
        .filter((v) => v.rule === "no-circular")
        .map((v) => v.from),
    ).toEqual(expect.arrayContaining(["compiler/1-parse/a.ts"]));
  });

  it("lets downward imports through", () => {
    expect(violations().filter((v) => v.from === "engine/step.ts" || v.from === "runtime/outbox/send.ts")).toEqual([]);
  });
});
