/** @module The compiler's own name and version, read once from the package's manifest (as `bot --version` reads it). */
import { createRequire } from "node:module";
import type { CompilerStamp } from "./types.ts";

const manifest = createRequire(import.meta.url)("dexter-bot/package.json") as { name: string; version: string };

export const COMPILER: CompilerStamp = { name: manifest.name, version: manifest.version };
