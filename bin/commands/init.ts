/** @module `bot init [dir]`: writes a bot project that passes its own `npm run lint` and `npm test` at once. */
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, writeSync, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { dependencySpec } from "../install-source.ts";

/** Template file (in init-files/, beside this module in the sources and in dist/) → where it goes in the project. */
const FILES: [template: string, target: string][] = [
  ["hello.bot", "hello.bot"],
  ["hello.test.yaml", "hello.test.yaml"],
  ["bot.config.yaml", "bot.config.yaml"],
  // Stored without the dot: npm leaves `.gitignore` files out of packages.
  ["gitignore", ".gitignore"],
  ["bot.yml", ".github/workflows/bot.yml"],
];

const SCRIPTS = { lint: "bot lint .", test: "bot test . --coverage" };
/**
 * npm 11 warns about every dependency install script not approved in `allowScripts`; better-sqlite3's (it fetches
 * or builds SQLite for this Node) is the one this package needs.
 */
const ALLOW_SCRIPTS: Record<string, boolean> = { "better-sqlite3": true };
/** The test script `npm init -y` writes: a placeholder, not the user's own, so init may replace it. */
const NPM_INIT_TEST = 'echo "Error: no test specified" && exit 1';

export function registerInit(program: Command): Command {
  return program
    .command("init")
    .argument("[dir]", "the project folder (created when missing)", ".")
    .action((dir: string) => {
      const { output, exitCode } = runInit(dir);
      (exitCode === 0 ? process.stdout : process.stderr).write(output);
      process.exitCode = exitCode;
    });
}

interface Plan {
  writes: { path: string; text: string }[];
  conflicts: string[];
}

/**
 * Returns what it printed and the exit code: 0 written, 2 nothing written (a file would be overwritten, `dir` is a
 * file or a link, or a path it would write is a link or not a regular file).
 */
export function runInit(dir: string, spec?: string): { output: string; exitCode: 0 | 2 } {
  const root = resolve(dir);
  // The spec that resolves for how this copy was installed (a release tarball, git, the registry): ../install-source.ts.
  const version = spec ?? dependencySpec(root, packageDir(), packageVersion());
  const rootStat = lstatOrNull(root);
  // DIR itself is not followed either: a link named as the project would put the project elsewhere.
  if (rootStat?.isSymbolicLink())
    return { output: `bot init: ${dir} is a symbolic link to ${readlinkSync(root)}; nothing was written. Run bot init on the folder itself.\n`, exitCode: 2 };
  if (rootStat !== null && !rootStat.isDirectory()) return { output: `bot init: ${dir} is a file, not a folder\n`, exitCode: 2 };
  // Links are refused before anything is read or planned: following one would read or write outside the folder.
  const links = unsafePaths(root);
  if (links.length > 0) {
    const list = links.map((c) => `  ${c}`).join("\n");
    return { output: `bot init: ${dir} has paths this would write through; nothing was written:\n${list}\n`, exitCode: 2 };
  }
  const plan = planProject(root, version);
  if (plan.conflicts.length > 0) {
    const list = plan.conflicts.map((c) => `  ${c}`).join("\n");
    return { output: `bot init: ${dir} already has files this would overwrite; nothing was written:\n${list}\n`, exitCode: 2 };
  }
  for (const { path, text } of plan.writes) writeInside(root, path, text);
  const shown = relative(process.cwd(), root) || ".";
  const lines = [
    `bot init: wrote ${plan.writes.map((w) => w.path).join(", ")} in ${shown}`,
    "next:",
    ...(shown === "." ? [] : [`  cd ${shown}`]),
    "  npm install            # installs dexter-bot (package-lock.json: commit it, the CI workflow runs npm ci)",
    "  npx bot chat .         # talk to the bot in the terminal",
    "  npm run lint && npm test",
    "  npx bot run .          # the SMS runtime, in a local sandbox until TWILIO_* are set",
  ];
  return { output: `${lines.join("\n")}\n`, exitCode: 0 };
}

/** Every path init would write or read (and each folder on the way) that is a symbolic link or not a plain file/folder. */
function unsafePaths(root: string): string[] {
  const found = new Set<string>();
  for (const target of [...FILES.map(([, t]) => t), "package.json"]) {
    const parts = target.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join("/");
      const stat = lstatOrNull(join(root, path));
      if (stat === null) break;
      const last = i === parts.length;
      if (stat.isSymbolicLink()) found.add(`${path} is a symbolic link (to ${readlinkSync(join(root, path))}); links are never followed`);
      else if (last ? !stat.isFile() : !stat.isDirectory()) found.add(`${path} is not a regular ${last ? "file" : "folder"}`);
      else continue;
      break;
    }
  }
  return [...found];
}

/**
 * Writes `path` under `root` without following a link anywhere on the way: folders are made one by one and each
 * checked, and the file is opened with O_NOFOLLOW, so a link swapped in after the check fails the write (ELOOP)
 * rather than writing elsewhere.
 */
function writeInside(root: string, path: string, text: string): void {
  const parts = path.split("/");
  mkdirSync(root, { recursive: true });
  let folder = root;
  for (const part of parts.slice(0, -1)) {
    folder = join(folder, part);
    if (lstatOrNull(folder) === null) mkdirSync(folder);
    if (!lstatSync(folder).isDirectory()) throw new Error(`bot init: ${relative(root, folder)} changed while writing: it is no longer a folder`);
  }
  const fd = openSync(join(root, path), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o666);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function planProject(root: string, version: string): Plan {
  const templates = new URL("./init-files/", import.meta.url);
  const writes: Plan["writes"] = [];
  const conflicts: string[] = [];
  for (const [template, target] of FILES) {
    const text = readFileSync(new URL(template, templates), "utf8");
    const existing = join(root, target);
    if (!existsSync(existing)) writes.push({ path: target, text });
    else if (target === ".gitignore") {
      // An existing .gitignore gains the lines it lacks rather than being replaced.
      const current = readFileSync(existing, "utf8");
      const have = new Set(current.split(/\r?\n/).map((l) => l.trim()));
      const missing = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#") && !have.has(l.trim()));
      if (missing.length > 0) writes.push({ path: target, text: `${current}${current === "" || current.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n` });
    } else conflicts.push(target);
  }
  const pkg = planPackageJson(root, version);
  if ("conflict" in pkg) conflicts.push(pkg.conflict);
  else if (pkg.text !== null) writes.push({ path: "package.json", text: pkg.text });
  return { writes, conflicts };
}

/**
 * A new package.json, or the existing one with the `lint`/`test` scripts and the dev dependency added. A script of
 * the user's own under either name is a conflict (named with the script), never replaced.
 */
function planPackageJson(root: string, version: string): { text: string | null } | { conflict: string } {
  const file = join(root, "package.json");
  if (!existsSync(file)) {
    const name =
      basename(root)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^[._-]+/, "") || "my-bot";
    const pkg = { name, version: "1.0.0", private: true, scripts: SCRIPTS, devDependencies: { "dexter-bot": version }, allowScripts: ALLOW_SCRIPTS };
    return { text: `${JSON.stringify(pkg, null, 2)}\n` };
  }
  let pkg: {
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    allowScripts?: Record<string, boolean>;
  };
  const original = readFileSync(file, "utf8");
  try {
    pkg = JSON.parse(original) as typeof pkg;
  } catch {
    return { conflict: "package.json (not valid JSON, so it cannot be updated)" };
  }
  const scripts = { ...pkg.scripts };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const current = scripts[name];
    if (current !== undefined && current !== command && !(name === "test" && current === NPM_INIT_TEST))
      return { conflict: `package.json (scripts.${name}: "${current}")` };
    scripts[name] = command;
  }
  const installed = pkg.dependencies?.["dexter-bot"] ?? pkg.devDependencies?.["dexter-bot"];
  const updated = {
    ...pkg,
    scripts,
    ...(installed ? {} : { devDependencies: { ...pkg.devDependencies, "dexter-bot": version } }),
    allowScripts: { ...ALLOW_SCRIPTS, ...pkg.allowScripts },
  };
  const indent = /^[{[]\r?\n(\s+)/.exec(original)?.[1] ?? "  ";
  const text = `${JSON.stringify(updated, null, indent)}\n`;
  return { text: text === original ? null : text };
}

function packageVersion(): string {
  return (createRequire(import.meta.url)("dexter-bot/package.json") as { version: string }).version;
}

/** This package's folder as installed (not through a link: npm links a `file:` folder dependency). */
function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve("dexter-bot/package.json"));
}
