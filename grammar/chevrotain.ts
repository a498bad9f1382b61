/**
 * @module Chevrotain's values, from the package's own single-file build (`lib/chevrotain.mjs`, the same version and
 * code). Its `exports` map names only `lib/src/api.js`, which loads lodash-es as some 600 separate modules: about a
 * second before `bot lint` can read a file, against some 50 ms for the one file. Types still come from "chevrotain".
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = entry.replace(/src[\\/]api\.js$/, "chevrotain.mjs");
  try {
    if (bundle !== entry) return (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;
  } catch {
    // A future layout without the bundle: the package's entry point works, only slower to load.
  }
  return import("chevrotain");
}

const chevrotain = await load();

export const { createToken, Lexer, EmbeddedActionsParser, generateCstDts } = chevrotain;
export type Lexer = Chevrotain.Lexer;
export type EmbeddedActionsParser = Chevrotain.EmbeddedActionsParser;
