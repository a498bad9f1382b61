/** @module The output formats of `bot lint`, by name. */
import type { Formatter } from "./report.ts";
import { github } from "./github.ts";
import { json } from "./json.ts";
import { sarif } from "./sarif.ts";
import { stylish } from "./stylish.ts";

export const formatters: Readonly<Record<string, Formatter>> = { github, json, sarif, stylish };
export { buildReport, type LintReport, type FileReport, type Formatter } from "./report.ts";
