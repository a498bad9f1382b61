/**
 * @module `bot init DIR` never writes outside DIR: symbolic links among the files it would write (to a file
 * elsewhere, dangling, to a folder) and DIR itself as a link are refused by name with exit 2, and nothing is
 * written anywhere. Real `bot init` processes on real links in temp folders.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BOT_SOURCE } from "../support/cli.ts";

const base = mkdtempSync(join(tmpdir(), "bot-init-links-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let count = 0;
/** A fresh project folder and a fresh folder outside it, side by side. */
function folders(): { project: string; outside: string } {
  count += 1;
  const project = join(base, `project-${count}`);
  const outside = join(base, `outside-${count}`);
  mkdirSync(project);
  mkdirSync(outside);
  return { project, outside };
}

const init = (dir: string) => spawnSync(process.execPath, [...BOT_SOURCE, "init", dir], { encoding: "utf8", cwd: base, timeout: 60_000 });

describe("bot init and symbolic links", () => {
  it("still writes a project into a plain folder (exit 0)", () => {
    const { project } = folders();
    const r = init(project);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(project).sort()).toEqual([".github", ".gitignore", "bot.config.yaml", "hello.bot", "hello.test.yaml", "package.json"]);
  });

  it("refuses a .gitignore linked to a file elsewhere, naming it, and appends nothing to the target", () => {
    const { project, outside } = folders();
    writeFileSync(join(outside, "ignore"), "secret-line\n");
    symlinkSync(join(outside, "ignore"), join(project, ".gitignore"));
    const r = init(project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(".gitignore is a symbolic link");
    expect(r.stderr).toContain("nothing was written");
    expect(readFileSync(join(outside, "ignore"), "utf8")).toBe("secret-line\n");
    expect(existsSync(join(project, "hello.bot"))).toBe(false);
  });

  it("refuses a package.json linked to another project's, leaving that one as it was", () => {
    const { project, outside } = folders();
    const original = '{\n  "name": "other",\n  "scripts": {}\n}\n';
    writeFileSync(join(outside, "package.json"), original);
    symlinkSync(join(outside, "package.json"), join(project, "package.json"));
    const r = init(project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("package.json is a symbolic link");
    expect(readFileSync(join(outside, "package.json"), "utf8")).toBe(original);
  });

  it("refuses a dangling link and creates nothing where it points", () => {
    const { project, outside } = folders();
    symlinkSync(join(outside, "created.bot"), join(project, "hello.bot"));
    symlinkSync(join(outside, "config.yaml"), join(project, "bot.config.yaml"));
    const r = init(project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("hello.bot is a symbolic link");
    expect(r.stderr).toContain("bot.config.yaml is a symbolic link");
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses a .github folder that is a link to a folder elsewhere", () => {
    const { project, outside } = folders();
    symlinkSync(outside, join(project, ".github"));
    const r = init(project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(".github is a symbolic link");
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(project, "hello.bot"))).toBe(false);
  });

  it("refuses DIR itself when it is a link, naming where it points", () => {
    const { project, outside } = folders();
    rmSync(project, { recursive: true });
    symlinkSync(outside, project);
    const r = init(project);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`is a symbolic link to ${outside}`);
    expect(readdirSync(outside)).toEqual([]);
  });
});
