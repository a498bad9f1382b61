/**
 * @module Scraping `/metrics` in tests: every line of the text read strictly by the exposition format's grammar
 * (a line that is not a comment, a HELP/TYPE line or a sample fails the test), checked with `promtool check
 * metrics` when Prometheus's own tool is installed, and read back by name and labels.
 */
import { spawnSync } from "node:child_process";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  text: string;
  samples: Sample[];
  /** Declared types by metric family name. */
  types: Map<string, string>;
  /** The sum of every sample named `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Record<string, string>): number;
  /** Samples named `name`. */
  series(name: string): Sample[];
  /** What promtool said, or null when it is not installed. */
  promtool: { ok: boolean; output: string } | null;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: \\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const META = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);

function labelsOf(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels in line: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
  return labels;
}

export function parseScrape(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = META.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") types.set(meta[2]!, meta[3] ?? "");
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const value = match[3] === "+Inf" ? Infinity : match[3] === "-Inf" ? -Infinity : Number(match[3]);
    if (Number.isNaN(value) && match[3] !== "NaN") throw new Error(`bad value in line: ${line}`);
    samples.push({ name: match[1]!, labels: match[2] ? labelsOf(match[2], line) : {}, value });
  }
  const matches = (sample: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
  return {
    text,
    samples,
    types,
    series: (name) => samples.filter((s) => s.name === name),
    value: (name, labels = {}) => samples.filter((s) => s.name === name && matches(s, labels)).reduce((n, s) => n + s.value, 0),
    promtool: promtoolCheck(text),
  };
}

function promtoolCheck(text: string): { ok: boolean; output: string } | null {
  const result = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (result.error) return null;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export async function scrape(url: string, token: string | null): Promise<Scrape> {
  const response = await fetch(url, token === null ? {} : { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return parseScrape(await response.text());
}
