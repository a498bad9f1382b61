/** @module Validates IR JSON against schema.json; the ajv validator is compiled once, on first use (only compiled IR needs it). */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { createRequire } from "node:module";
import { IR_VERSION, type BotIR } from "./types.ts";
import { COMPILER } from "./compiler-stamp.ts";

let compiled: ValidateFunction<BotIR> | undefined;

function checker(): ValidateFunction<BotIR> {
  if (!compiled) {
    const schema = createRequire(import.meta.url)("./schema.json") as object;
    compiled = new Ajv({ discriminator: true, allErrors: false, strict: true }).compile<BotIR>(schema);
  }
  return compiled;
}

export interface IRValidation {
  ok: boolean;
  /** Human-readable, one per problem: `/triggers/0/pattern must have required property 'parts'`. */
  errors: string[];
}

export function validateIR(json: unknown): IRValidation {
  const version = irVersionProblem(json);
  if (version !== null) return { ok: false, errors: [version] };
  const check = checker();
  if (check(json)) return { ok: true, errors: [] };
  return { ok: false, errors: (check.errors ?? []).map(describe) };
}

/**
 * Null when the IR's format is this runtime's; otherwise why it cannot run and what to do, naming the
 * package version that wrote it when the IR says.
 */
export function irVersionProblem(json: unknown): string | null {
  if (typeof json !== "object" || json === null || !("irVersion" in json) || json.irVersion === IR_VERSION) return null;
  const version = json.irVersion;
  const stamp = (json as { compiler?: { name?: unknown; version?: unknown } }).compiler;
  const writer = typeof stamp?.version === "string" ? `${typeof stamp.name === "string" ? stamp.name : "dexter-bot"} ${stamp.version}` : null;
  const here = `${COMPILER.name} ${COMPILER.version}`;
  const newer = typeof version === "number" && version > IR_VERSION;
  return (
    `irVersion is ${JSON.stringify(version)}${writer ? ` (written by ${writer})` : ""}, and this ${here} runs IR format ${IR_VERSION} only: ` +
    (newer
      ? `recompile the bot with this version (bot compile <bot> -o <file>) or upgrade ${COMPILER.name}`
      : "recompile the bot with bot compile <bot> -o <file>")
  );
}

export function isBotIR(json: unknown): json is BotIR {
  return validateIR(json).ok;
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || "/"} ${e.message ?? "is invalid"}`;
}
