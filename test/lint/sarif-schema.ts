/** @module The vendored SARIF 2.1.0 schema (fixtures/sarif), compiled once with ajv-draft-04. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv04Module from "ajv-draft-04";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

// CommonJS default exports: unwrap whichever shape the loader hands us.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ?? Ajv04Module) as new (o: object) => {
  compile(schema: object): ValidateFunction;
};
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormats as unknown as { default: (a: unknown) => void }).default(ajv);
const schemaPath = fileURLToPath(new URL("./fixtures/sarif/sarif-2.1.0-rtm.5.json", import.meta.url));

export const validateSarif: ValidateFunction = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
