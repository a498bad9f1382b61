#!/usr/bin/env node
/**
 * @module `npm run test:readme [-- --tarball FILE] [-- --full] [-- --keep]`: the README followed as a new user would,
 * its commands copied from the README itself, never restated here. "Use it in your own project": the first block in
 * an empty project beside the release tarball (from `npm run release`, or --tarball), then the git line of the next
 * block from a local bare clone of this repository's HEAD tagged vX.Y.Z (`git+file://…`, in place of the README's
 * `git+https://HOST/OWNER/…`) followed by the rest of the first block; `bot init` in a sub-folder must write a
 * dependency that `npm install` there resolves. "Quick start" in a fresh clone: `npm ci`, `npm start` (texted through
 * its emulator, then stopped); `npm test` (the whole suite) only with --full. The registry line waits for the
 * package to be published. Plain JavaScript, like smoke.js. Ends with `N passed, N failed`.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const keep = args.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "bot-readme-"));
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}`, NO_COLOR: "1" };
for (const key of Object.keys(env))
  if (key.startsWith("TWILIO_") || key.startsWith("BOT_") || key.startsWith("npm_") || key === "DATABASE_URL") delete env[key];
// better-sqlite3's binary for this Node, as smoke.js keeps it, so installs need not compile SQLite.
env["prebuild-install_local-prebuilds"] = process.env["BOT_PREBUILDS_DIR"] ?? join(tmpdir(), "dexter-bot-prebuilds");

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "✓" : "✗"} ${name}${ok || !detail ? "" : `\n    ${detail.trim().split("\n").slice(-15).join("\n    ")}`}`);
  return ok;
}
function finish() {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
/** One README line, run by the shell as written. */
function sh(line, cwd, input = "") {
  const r = spawnSync("sh", ["-c", line], { cwd, env, input, encoding: "utf8", timeout: 1_800_000 });
  return { status: r.status, out: `${r.stdout ?? ""}\n${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

// The README's blocks and their commands: comments and comment-only lines dropped.
const readme = readFileSync(join(repo, "README.md"), "utf8");
function blocks(heading) {
  const start = readme.indexOf(`\n## ${heading}\n`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]
      .split("\n")
      .map((line) => line.replace(/(^|\s+)#.*$/, "").trim())
      .filter(Boolean),
  );
}
const [own, others] = blocks("Use it in your own project");
const [quick] = blocks("Quick start");
const version = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version;
const tarballName = `dexter-bot-${version}.tgz`;
check(
  `the README's install blocks name this version's tarball and tag (${tarballName}, v${version})`,
  own?.some((l) => l.includes(`./${tarballName}`)) && others?.some((l) => l.includes(`#v${version}`)),
  JSON.stringify({ own, others }),
);
if (!own || !others || !quick) finish();

// 1. npm run release (or a given tarball), then the first block verbatim in an empty project.
let tarball = option("--tarball");
if (!tarball) {
  const release = sh(`npm run release -- --out ${JSON.stringify(join(work, "release"))}`, repo);
  tarball = join(work, "release", tarballName);
  if (!check("npm run release writes the tarball and its .sha256", release.status === 0 && existsSync(`${tarball}.sha256`), release.out)) finish();
}
const manifest = spawnSync("tar", ["xzf", tarball, "-O", "package/package.json"], { encoding: "utf8" }).stdout;
check(
  "the released manifest has no prepare script (nothing for npm to warn about)",
  manifest.includes('"name": "dexter-bot"') && !manifest.includes('"prepare"'),
);

const fromTarball = join(work, "from-tarball");
mkdirSync(fromTarball);
copyFileSync(tarball, join(fromTarball, tarballName));
if (existsSync(`${tarball}.sha256`)) copyFileSync(`${tarball}.sha256`, join(fromTarball, `${tarballName}.sha256`));
for (const line of own) {
  const r = sh(line, fromTarball, line.includes("bot chat") ? "hello\n" : "");
  const ok = r.status === 0 && !(line.startsWith("npm install") && /npm warn .*dexter-bot/i.test(r.out));
  check(`from a release tarball: ${line}`, ok, r.out);
  if (line.includes("bot chat")) check("  bot chat answers", /bot> /.test(r.out), r.out);
}
// bot init in a sub-folder writes a dependency that resolves there (a bare version did not: 404).
const sub = sh("npx bot init mybot && cd mybot && npm install --no-audit --no-fund && npm test", fromTarball);
check("npx bot init mybot; cd mybot; npm install resolves dexter-bot; npm test passes", sub.status === 0, sub.out);

// 2. From git: a bare clone of HEAD, tagged as a release would be, in place of the README's host.
const gitLine = others.find((l) => l.includes("git+https://"));
const bare = join(work, "dexter-bot.git");
const cloned = sh(`git clone -q --bare ${JSON.stringify(repo)} ${JSON.stringify(bare)} && git --git-dir=${JSON.stringify(bare)} tag v${version} HEAD`, work);
if (check(`a bare clone of HEAD tagged v${version}`, cloned.status === 0 && !!gitLine, cloned.out)) {
  const fromGit = join(work, "from-git");
  mkdirSync(fromGit);
  const line = gitLine.replace(/git\+https:\/\/\S+?\/dexter-bot\.git/, `git+file://${bare}`);
  const installed = sh(line, fromGit);
  check(`from git (built on install): ${line}`, installed.status === 0 && existsSync(join(fromGit, "node_modules/dexter-bot/dist/bin/bot.js")), installed.out);
  for (const rest of own.filter((l) => !l.startsWith("sha256sum") && !l.startsWith("npm install"))) {
    const r = sh(rest, fromGit, rest.includes("bot chat") ? "hello\n" : "");
    check(`from git: ${rest}`, r.status === 0, r.out);
  }
}
console.log(`- skipped: ${others.find((l) => /install -D dexter-bot$/.test(l)) ?? "the registry line"} (not on the npm registry yet)`);

// 3. Quick start in a fresh clone.
const clone = join(work, "clone");
const fresh = sh(`git clone -q ${JSON.stringify(repo)} ${JSON.stringify(clone)}`, work);
if (check("a fresh clone", fresh.status === 0, fresh.out)) {
  for (const line of quick) {
    if (line === "npm test" && !args.includes("--full")) {
      console.log("- skipped: npm test (the whole suite; run with --full)");
      continue;
    }
    if (line === "npm start") {
      await npmStart(clone);
      continue;
    }
    const r = sh(line, clone);
    check(`quick start: ${line}`, r.status === 0, r.out);
  }
}
finish();

/** `npm start`: the sandbox answers a text through its emulator, then stops on SIGINT. */
async function npmStart(cwd) {
  await new Promise((done) => {
    const child = spawn("npm", ["start"], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 180_000);
    const poll = async () => {
      const emulator = /emulator (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (!emulator || !/see replies/.test(out)) return setTimeout(poll, 200);
      await fetch(`${emulator}/_emulator/inbound`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ from: "+15550001111", to: "+15005550006", body: "hi" }),
      });
      let reply;
      for (let i = 0; i < 300 && !reply; i++) {
        const messages = await (await fetch(`${emulator}/_emulator/messages?to=%2B15550001111`)).json();
        reply = messages.find((m) => m.direction === "outbound-api");
        if (!reply) await new Promise((r) => setTimeout(r, 100));
      }
      check(`quick start: npm start answers a text in the sandbox${reply ? `: "${reply.body.slice(0, 40)}…"` : ""}`, !!reply, out);
      process.kill(-child.pid, "SIGINT");
    };
    void poll();
    child.on("close", () => {
      clearTimeout(timer);
      done();
    });
  });
}
