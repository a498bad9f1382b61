/**
 * `bot init` writes a dexter-bot dependency that resolves for how the package was installed (issue 27, item 1): the
 * installing project's own spec (a release tarball's file: path made relative to the new project, a git URL, a
 * registry range), a repository checkout as a file: folder, else the version.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { dependencySpec } from "../../bin/install-source.ts";

const dir = mkdtempSync(join(tmpdir(), "bot-install-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function installedIn(project: string, spec: string): string {
  const packageDir = join(dir, project, "node_modules", "dexter-bot");
  mkdirSync(packageDir, { recursive: true });
  writeFileSync(join(dir, project, "package.json"), JSON.stringify({ devDependencies: { "dexter-bot": spec } }));
  return packageDir;
}

it("a release tarball: the installing project's file: path, relative to the new project", () => {
  const pkg = installedIn("app", "file:../dexter-bot-0.1.0.tgz");
  expect(dependencySpec(join(dir, "app", "mybot"), pkg, "0.1.0")).toBe("file:../../dexter-bot-0.1.0.tgz");
  expect(dependencySpec(join(dir, "app"), pkg, "0.1.0")).toBe("file:../dexter-bot-0.1.0.tgz");
});

it("a git URL or a registry range: as the installing project wrote it", () => {
  expect(dependencySpec(join(dir, "g", "x"), installedIn("g", "git+https://example.com/dexter-bot.git#v0.1.0"), "0.1.0")).toBe(
    "git+https://example.com/dexter-bot.git#v0.1.0",
  );
  expect(dependencySpec(join(dir, "r", "x"), installedIn("r", "^0.1.0"), "0.1.0")).toBe("^0.1.0");
});

it("a repository checkout: a file: folder; anything else: the version", () => {
  const checkout = join(dir, "checkout");
  mkdirSync(join(checkout, "scripts"), { recursive: true });
  writeFileSync(join(checkout, "scripts", "build.js"), "");
  expect(dependencySpec(join(dir, "elsewhere", "bot"), checkout, "0.1.0")).toBe("file:../../checkout");
  expect(dependencySpec(join(dir, "elsewhere"), join(dir, "global", "dexter-bot"), "0.1.0")).toBe("0.1.0");
});
