/**
 * @module How this copy of dexter-bot was installed, as the dependency spec `bot init` writes: the package is not on
 * the npm registry yet, so a bare version would not resolve. The project that installed it (the folder above its
 * node_modules) declares the spec it was installed with: a release tarball (`file:../dexter-bot-0.1.0.tgz`), a git
 * URL (`git+https://…#v0.1.0`) or a registry range; a `file:` path is rewritten to be relative to the new project. A
 * repository checkout (run from the sources) is named as a `file:` folder. Otherwise the version, for the registry.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

const NAME = "dexter-bot";

/** The spec for `dexter-bot` in `projectRoot`'s package.json. `packageDir`: this package's folder (its package.json's). */
export function dependencySpec(projectRoot: string, packageDir: string, version: string): string {
  const installer = installingProject(packageDir);
  if (installer !== null) {
    const declared = declaredSpec(installer);
    if (declared !== null) return relocate(declared, installer, projectRoot);
  }
  // A checkout of the repository (it has the build script): the folder itself, built by its `prepare` on install.
  if (existsSync(join(packageDir, "scripts", "build.js"))) return `file:${posix(relative(projectRoot, packageDir)) || "."}`;
  return version;
}

/** The folder whose node_modules holds the package, or null (not installed as a dependency). */
function installingProject(packageDir: string): string | null {
  const parent = dirname(packageDir);
  return basename(parent) === "node_modules" ? dirname(parent) : null;
}

function declaredSpec(project: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    return pkg.devDependencies?.[NAME] ?? pkg.dependencies?.[NAME] ?? null;
  } catch {
    return null;
  }
}

/** A `file:` spec made relative to `to` (it was relative to `from`); any other spec means the same from anywhere. */
function relocate(spec: string, from: string, to: string): string {
  if (!spec.startsWith("file:")) return spec;
  const path = spec.slice("file:".length);
  const target = isAbsolute(path) ? path : resolve(from, path);
  return `file:${posix(relative(to, target)) || "."}`;
}

function posix(path: string): string {
  return path.split(sep).join("/");
}
