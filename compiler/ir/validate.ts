/** @module Validates IR JSON against schema.json; the ajv validator is compiled once, on first use (only compiled IR needs it). */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { createRequire } from "node:module";
import { IR_VERSION, type BotIR } from "./types.ts";

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
  if (typeof json === "object" && json !== null && "irVersion" in json && json.irVersion !== IR_VERSION) {
    return { ok: false, errors: [`irVersion is ${JSON.stringify(json.irVersion)}, this version reads ${IR_VERSION}; recompile the bot`] };
  }
  const check = checker();
  if (check(json)) return { ok: true, errors: [] };
  return { ok: false, errors: (check.errors ?? []).map(describe) };
}

export function isBotIR(json: unknown): json is BotIR {
  return validateIR(json).ok;
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || "/"} ${e.message ?? "is invalid"}`;
}
