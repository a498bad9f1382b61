#!/usr/bin/env node
// `npm run release [-- --out DIR]`: the release tarball dexter-bot-X.Y.Z.tgz and dexter-bot-X.Y.Z.tgz.sha256 (in the
// `sha256sum -c` format) in DIR (default release/, ignored by git). `npm pack` builds dist/ through `prepare`; the
// tarball is then re-packed from its own contents without `scripts.prepare`: the repository keeps `prepare` so that
// an install from git (`npm install git+https://…#vX.Y.Z`) builds, while users installing the tarball get a manifest
// with no install-time script, so npm has nothing to warn about.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(repo, "release"));
const work = mkdtempSync(join(tmpdir(), "dexter-bot-release-"));

function run(command, argv, cwd) {
  const result = spawnSync(command, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) {
    console.error(`release: ${command} ${argv.join(" ")} failed (exit ${result.status}); nothing was written to ${out}`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  return result.stdout;
}

try {
  const packed = run("npm", ["pack", "--silent", "--pack-destination", work], repo).trim().split("\n").pop();
  run("tar", ["xzf", join(work, packed), "-C", work], work);
  const manifestFile = join(work, "package", "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  delete manifest.scripts.prepare;
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(join(work, packed));
  // Packing the unpacked package runs no script (it has no prepare now) and keeps npm's own tarball layout.
  const name = run("npm", ["pack", "--silent", "--pack-destination", work, "./package"], work).trim().split("\n").pop();
  mkdirSync(out, { recursive: true });
  renameSync(join(work, name), join(out, name));
  const sha256 = createHash("sha256")
    .update(readFileSync(join(out, name)))
    .digest("hex");
  writeFileSync(join(out, `${name}.sha256`), `${sha256}  ${name}\n`);
  const shown = relative(process.cwd(), out) || ".";
  console.log(`release: ${shown}/${name}`);
  console.log(`release: ${shown}/${name}.sha256 (${sha256})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
