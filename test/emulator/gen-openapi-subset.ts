/**
 * @module `npm run gen:twilio-openapi -- <twilio_api_v2010.json>`: writes test/emulator/twilio-openapi/messages.json,
 * the Messages part of Twilio's full OpenAPI description (see openapi-subset.ts), which the contract tests read.
 * The full file (spec/json/twilio_api_v2010.json of github.com/twilio/twilio-oai) is not kept in the repository.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { messagesSubset, type OpenApiDocument } from "./openapi-subset.ts";

const target = fileURLToPath(new URL("./twilio-openapi/messages.json", import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error("usage: npm run gen:twilio-openapi -- <path to twilio_api_v2010.json from twilio/twilio-oai>");
  process.exit(2);
}

let text: string;
let spec: OpenApiDocument;
try {
  text = readFileSync(source, "utf8");
  spec = JSON.parse(text) as OpenApiDocument;
} catch (error) {
  console.error(`gen:twilio-openapi: cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const subset = messagesSubset(spec);
const sha256 = createHash("sha256").update(text).digest("hex");
const info = { ...(subset["info"] as Record<string, unknown>), "x-subset-of": { file: "spec/json/twilio_api_v2010.json", sha256 } };
writeFileSync(target, `${JSON.stringify({ ...subset, info }, null, 2)}\n`);
const schemas = Object.keys(subset.components?.["schemas"] ?? {}).length;
console.log(`wrote ${target}: ${Object.keys(subset.paths).length} paths, ${schemas} schemas (source sha256 ${sha256})`);
