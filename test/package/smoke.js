#!/usr/bin/env node
/**
 * @module `npm run test:package [-- --tarball FILE] [-- --keep]`: the package as a user gets it. Packs the
 * repository (`npm pack`, which builds dist/), installs the tarball into an empty project with runtime
 * dependencies only, and runs every command there through `npx bot`, plus the library examples of
 * docs/api-library.md. Runs under whatever `node` starts it: `.ci/run` starts it with Node 22 and 24 as well
 * (`npx -p node@24 node test/package/smoke.js`), each in its own install, so better-sqlite3 is built for that
 * Node's ABI. Plain JavaScript, so it needs neither tsx nor a build. Ends with `N passed, N failed`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const keep = args.includes("--keep");
const work = mkdtempSync(join(tmpdir(), `bot-package-node${process.versions.node.split(".")[0]}-`));
const project = join(work, "project");

/** npm, npx and `#!/usr/bin/env node` scripts run on this Node, not whichever `node` comes first on PATH. */
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}`, NO_COLOR: "1" };
for (const key of Object.keys(env)) if (key.startsWith("TWILIO_") || key.startsWith("BOT_") || key.startsWith("npm_")) delete env[key];
// Native modules (better-sqlite3) are compiled against the headers of the Node that runs the install when no prebuilt
// binary can be fetched. npm's `nodedir` may name another Node's (the system's); a Node from the `node` npm package
// has its headers in the `node-<platform>-<arch>` package of the same version, installed here from the registry.
function headersVersion(dir) {
  const file = join(dir, "include/node/node_version.h");
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const part = (name) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1];
  return `${part("MAJOR")}.${part("MINOR")}.${part("PATCH")}`;
}
let headers = [resolve(process.execPath, "../.."), resolve(process.execPath, `../../node_modules/node-${process.platform}-${process.arch}`)].find(
  (dir) => headersVersion(dir) === process.versions.node,
);
if (!headers) {
  const cache = join(tmpdir(), "dexter-bot-node-headers", process.versions.node);
  headers = join(cache, `node_modules/node-${process.platform}-${process.arch}`);
  if (headersVersion(headers) !== process.versions.node) {
    spawnSync(
      "npm",
      ["install", "--prefix", cache, "--no-save", "--no-audit", "--no-fund", `node-${process.platform}-${process.arch}@${process.versions.node}`],
      {
        env,
        stdio: "inherit",
      },
    );
  }
}
env["npm_config_nodedir"] = headers;

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "✓" : "✗"} ${name}${ok || !detail ? "" : `\n    ${detail.trim().split("\n").slice(-12).join("\n    ")}`}`);
  return ok;
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: project, env, encoding: "utf8", timeout: 1_200_000, ...options });
  return { status: result.status, stdout: result.stdout ?? "", stderr: `${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
}
const bot = (...argv) => run("npx", ["--no", "--", "bot", ...argv]);
const both = (r) => `${r.stdout}\n${r.stderr}`;

function finish() {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

console.log(`package smoke test on Node ${process.version} in ${work} (headers for native modules: ${headers})`);

// better-sqlite3 installs through prebuild-install, which downloads a binary for this Node's ABI and otherwise
// compiles SQLite (minutes on two busy cores). With no download possible here, a binary built once per ABI is kept
// as prebuild-install's own local prebuild (its `local-prebuilds` setting): the repository's node_modules gives
// the one for the Node that installed it, and a compiled one is kept after the first install on another Node.
const sqliteVersion = JSON.parse(readFileSync(join(repo, "node_modules/better-sqlite3/package.json"), "utf8")).version;
const prebuilds = process.env["BOT_PREBUILDS_DIR"] ?? join(tmpdir(), "dexter-bot-prebuilds");
const prebuild = join(prebuilds, `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
// prebuild-install reads its own settings from `prebuild-install_*` variables (npm would warn about an npm_config_ one).
env["prebuild-install_local-prebuilds"] = prebuilds;
function keepPrebuild(packageDir) {
  if (existsSync(prebuild) || !existsSync(join(packageDir, "build/Release/better_sqlite3.node"))) return;
  const loads = run(process.execPath, ["-e", `require(${JSON.stringify(join(packageDir, "build/Release/better_sqlite3.node"))})`], { cwd: work });
  if (loads.status !== 0) return;
  mkdirSync(prebuilds, { recursive: true });
  run("tar", ["czf", prebuild, "build/Release/better_sqlite3.node"], { cwd: packageDir });
}
keepPrebuild(join(repo, "node_modules/better-sqlite3"));
const hadPrebuild = existsSync(prebuild);

// 1. Pack (prepare builds dist/) and install into an empty project, production dependencies only.
let tarball = option("--tarball");
if (!tarball) {
  const packed = run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: repo });
  const name = packed.stdout.trim().split("\n").pop();
  if (!check("npm pack builds and packs the package", packed.status === 0 && !!name, both(packed))) finish();
  tarball = join(work, name);
}
mkdirSync(project);
run("npm", ["init", "-y"]);
const install = run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", resolve(tarball)]);
if (!check(`npm install ${tarball.split("/").pop()} into an empty project`, install.status === 0, both(install))) finish();
const installed = join(project, "node_modules");
keepPrebuild(join(installed, "better-sqlite3"));
console.log(
  `  better-sqlite3 ${sqliteVersion}: ${hadPrebuild ? `installed from the kept binary ${prebuild}` : "compiled from source (no binary kept for this ABI yet)"}`,
);
const version = JSON.parse(readFileSync(join(installed, "dexter-bot/package.json"), "utf8")).version;
check(
  "no dev dependency is installed (tsx, typescript, vitest)",
  ["tsx", "typescript", "vitest", "esbuild"].every((d) => !existsSync(join(installed, d))),
);
check(
  "the package holds dist/ and no TypeScript sources",
  existsSync(join(installed, "dexter-bot/dist/bin/bot.js")) && !existsSync(join(installed, "dexter-bot/compiler")),
);
const sqlite = run(process.execPath, [
  "-e",
  "const D = require('better-sqlite3'); const db = new D(':memory:'); console.log(db.prepare('select sqlite_version() v').get().v)",
]);
check(`better-sqlite3 loads on Node ${process.version} (ABI ${process.versions.modules}): SQLite ${sqlite.stdout.trim()}`, sqlite.status === 0, both(sqlite));

// 2. The command.
check("bot --version", bot("--version").stdout.trim() === version);
const help = bot("--help");
const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== "help");
check(`bot --help lists the commands (${commands.join(", ")})`, help.status === 0 && commands.includes("lint") && commands.includes("init"), both(help));
for (const command of commands) {
  const r = bot(command, "--help");
  check(`bot ${command} --help loads the command`, r.status === 0 && r.stdout.includes(`Usage: bot ${command}`), both(r));
}

const init = bot("init", "mybot");
check(
  "bot init mybot writes a project",
  init.status === 0 && existsSync(join(project, "mybot/hello.bot")) && existsSync(join(project, "mybot/.github/workflows/bot.yml")),
  both(init),
);
const again = bot("init", "mybot");
check("bot init refuses to overwrite, naming the files (exit 2)", again.status === 2 && again.stderr.includes("hello.bot"), both(again));
const lint = bot("lint", "mybot");
check("bot lint on the new project: clean", lint.status === 0 && lint.stdout === "", both(lint));
const sarif = bot("lint", "mybot", "--format", "sarif");
check("bot lint --format sarif", sarif.status === 0 && JSON.parse(sarif.stdout).version === "2.1.0", both(sarif));
const test = bot("test", "mybot");
check("bot test on the new project: every case passes", test.status === 0 && /\d+ passed \(1 file\)/.test(test.stdout), both(test));
const junit = bot("test", "mybot", "--reporter", "junit");
check("bot test --reporter junit", junit.status === 0 && junit.stdout.includes("<testsuites"), both(junit));
const compiled = bot("compile", "mybot", "-o", "mybot.json");
check("bot compile -o writes the IR", compiled.status === 0 && JSON.parse(readFileSync(join(project, "mybot.json"), "utf8")).irVersion === 2, both(compiled));
const broken = join(project, "broken.bot");
writeFileSync(broken, "- a reply without a trigger\n");
const refused = bot("compile", broken);
check("bot compile on a broken bot: exit 1 with file:line:col CODE", refused.status === 1 && /broken\.bot:1:1 BOT\d{3}/.test(refused.stdout), both(refused));
check("bot lint on a missing path: exit 2", bot("lint", "nope").status === 2);

const chat = run("npx", ["--no", "--", "bot", "chat", "mybot", "--jsonl"], { input: '{"from":"+15550001111","body":"my name is ada"}\n{"advance":2000}\n' });
const lines = chat.stdout
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));
check(
  "bot chat --jsonl answers and delivers the delayed part",
  chat.status === 0 && lines.length === 2 && lines[0].body === "Nice to meet you, Ada!",
  both(chat),
);

// 3. A closed pipe ends the command quietly.
await new Promise((done) => {
  const child = spawn("npx", ["--no", "--", "bot", "chat", "mybot", "--jsonl"], { cwd: project, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.once("data", () => child.stdout.destroy());
  const many = Array.from({ length: 20_000 }, (_, i) => `{"from":"+1555000${String(i % 1000).padStart(4, "0")}","body":"hello"}`).join("\n");
  child.stdin.on("error", () => {});
  child.stdin.end(`${many}\n`);
  child.on("close", (code) => {
    check(
      "bot chat | head: a closed stdout ends it quietly (no EPIPE stack trace)",
      code === 0 && !/EPIPE|at .*\.js:\d+/.test(stderr),
      `exit ${code}\n${stderr}`,
    );
    done();
  });
});

// 4. bot run in the sandbox: text the bot through the emulator, get the reply, stop on SIGINT; then bot logs.
await new Promise((done) => {
  // The installed bin itself (what npx runs), so that SIGINT reaches it and its own exit code comes back.
  const child = spawn(join(project, "node_modules/.bin/bot"), ["run", "mybot", "--port", "0", "--log-level", "warn"], {
    cwd: project,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const poll = async () => {
    const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    if (!emulator || !/see replies/.test(out)) return setTimeout(poll, 100);
    await fetch(`${emulator}/_emulator/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: "+15550001111", to: "+15005550006", body: "hello" }),
    });
    for (let i = 0; i < 200; i++) {
      const messages = await (await fetch(`${emulator}/_emulator/messages?to=%2B15550001111`)).json();
      const reply = messages.find((m) => m.direction === "outbound-api");
      if (reply) {
        check(`bot run (sandbox) answers a text: "${reply.body}"`, /Text MENU any time/.test(reply.body));
        break;
      }
      if (i === 199) check("bot run (sandbox) answers a text", false, out);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGINT");
  };
  void poll();
  child.on("close", (code) => {
    clearTimeout(timer);
    check("bot run stops cleanly on SIGINT (exit 0)", code === 0, `exit ${code}\n${out}`);
    done();
  });
});
const logs = bot("logs", "mybot");
check("bot logs reads the sandbox's message log", logs.status === 0 && logs.stdout.includes("hello"), both(logs));

// 5. The library examples of docs/api-library.md, as they are written there.
const doc = readFileSync(join(installed, "dexter-bot/docs/api-library.md"), "utf8");
const examples = [...doc.matchAll(/<!-- package-smoke: (\S+) -->\n```js\n([\s\S]*?)```/g)];
check("docs/api-library.md holds the two runnable examples", examples.length === 2);
const expected = { "example.mjs": "after 2 s: [ 'Text MENU any time.' ]", "embed.mjs": "reply: Hi from an embedded bot!" };
for (const [, file, code] of examples) {
  writeFileSync(join(project, file), code);
  const r = run(process.execPath, [file]);
  check(`the library example ${file} runs (node ${file})`, r.status === 0 && r.stdout.includes(expected[file] ?? "\0"), both(r));
}
const types = existsSync(join(installed, "dexter-bot/dist/lib/index.d.ts")) && existsSync(join(installed, "dexter-bot/dist/lib/runtime.d.ts"));
check("type declarations for both entry points", types);

finish();
