/**
 * @module Compiles schemas from Twilio's official OpenAPI description with ajv, for contract tests. The Messages part of it
 * is kept in twilio-openapi/messages.json (source, commit and license in twilio-openapi/README.md).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const SPEC_PATH = fileURLToPath(new URL("./twilio-openapi/messages.json", import.meta.url));
const MESSAGES = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

interface Spec {
  components: { schemas: Record<string, unknown> };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: unknown; examples?: Record<string, { value: unknown }> }> }> }>
  >;
}

export const spec = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as Spec;

function createAjv(): Ajv {
  // Twilio's description uses vendor keywords (x-twilio …) and formats ajv does not know; strict mode would refuse it.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const format of ["phone-number", "uri-map", "currency", "iso-country-code", "http-method", "phone-number-capabilities", "ice-server"]) {
    ajv.addFormat(format, true);
  }
  // Twilio's own examples put relative paths (/2010-04-01/…) in fields declared `format: uri`.
  ajv.addFormat("uri", /^(?:[a-z][a-z0-9+.-]*:|\/)\S*$/i);
  // RFC 2822 as Twilio writes it, checked for real rather than accepted blindly.
  ajv.addFormat(
    "date-time-rfc-2822",
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
  );
  ajv.addSchema({
    $id: "twilio",
    components: spec.components,
    listMessages: spec.paths[MESSAGES]?.["get"]?.responses["200"]?.content["application/json"]?.schema,
  });
  return ajv;
}

const ajv = createAjv();

export const validateMessage = ajv.getSchema("twilio#/components/schemas/api.v2010.account.message") as ValidateFunction;
export const validateMessageList = ajv.getSchema("twilio#/listMessages") as ValidateFunction;

/**
 * The spec declares no error responses; this is the body twilio-node's RestException reads
 * (`code`, `message`, `more_info`, `status`), which Twilio's REST errors always carry.
 */
export const validateErrorBody = ajv.compile({
  type: "object",
  required: ["code", "message", "more_info", "status"],
  properties: {
    code: { type: "integer", minimum: 10000, maximum: 99999 },
    message: { type: "string", minLength: 1 },
    more_info: { type: "string", pattern: "^https://www\\.twilio\\.com/docs/errors/\\d+$" },
    status: { type: "integer", minimum: 400, maximum: 599 },
  },
});

export function createExamples(): Record<string, unknown> {
  const examples = spec.paths[MESSAGES]?.["post"]?.responses["201"]?.content["application/json"]?.examples ?? {};
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, example.value]));
}

export function errorsOf(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors);
}
