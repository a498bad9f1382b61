/** @module The `bot chat --jsonl` protocol: JSON lines in (messages, clock advances), one JSON line out per message or keyword event. */
import { inertJson } from "../../compiler/diagnostics/inert-text.ts";
import type { Delivered, LocalRuntime, Turn } from "./index.ts";

/**
 * One stdout line per outbound message. `in` is the 0-based index of the input message it answers (for a reminder:
 * the message that scheduled it); `released` the index of the line whose handling sent it: the same line for an
 * immediate part, the `advance` line for a delayed part or a reminder.
 */
export interface JsonlMessage {
  in: number;
  released: number;
  to: string;
  body: string;
  media: string[];
  /** Virtual ms since the run started. */
  at: number;
}

/**
 * One stdout line for an input message the keyword layer handled instead of the bot (STOP, START from an
 * opted-out user, HELP left to Twilio, anything from an opted-out user): the bot sent nothing for it.
 */
export interface JsonlKeywordEvent {
  in: number;
  event: Exclude<Turn["keyword"]["type"], "bot">;
  from: string;
  /** The sender's opt-out state after the message. */
  optedOut: boolean;
  at: number;
}

export interface JsonlError {
  error: string;
  /** 0-based index of the offending input line. */
  line: number;
}

type Command = { type: "message"; from: string; body: string; media: string[] } | { type: "advance"; ms: number };

/**
 * Reads lines until the input ends; each line is handled completely before the next is read.
 * At the end, pending delayed parts are dropped, not flushed: the run only covers the time it was told about.
 */
export async function runJsonl(options: {
  runtime: LocalRuntime;
  /** `from` when a line gives none. */
  user: string;
  lines: AsyncIterable<string>;
  write: (line: string) => void;
}): Promise<void> {
  const { runtime, user, lines, write } = options;
  const start = runtime.now();
  const emit = (index: number, delivered: Delivered[]) => {
    for (const m of delivered) {
      const out: JsonlMessage = { in: m.cause ?? index, released: index, to: m.to, body: m.body, media: m.media, at: m.at - start };
      write(inertJson(out));
    }
  };
  let index = -1;
  for await (const raw of lines) {
    index++;
    if (raw.trim() === "") continue;
    const parsed = parseLine(raw, user);
    if ("error" in parsed) {
      write(inertJson({ error: parsed.error, line: index } satisfies JsonlError));
      continue;
    }
    if (parsed.type === "advance") {
      emit(index, await runtime.advance(parsed.ms));
      continue;
    }
    const turn = await runtime.receive({ from: parsed.from, body: parsed.body, media: parsed.media }, index);
    if (turn.keyword.type !== "bot") {
      const event: JsonlKeywordEvent = { in: index, event: turn.keyword.type, from: parsed.from, optedOut: turn.optedOut, at: runtime.now() - start };
      write(inertJson(event));
    }
    emit(index, turn.delivered);
  }
}

export function parseLine(raw: string, defaultUser: string): Command | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: 'expected an object such as {"from": "+15550001111", "body": "hi"} or {"advance": 3000}' };
  }
  const record = value as Record<string, unknown>;
  if ("advance" in record) {
    const extra = Object.keys(record).filter((k) => k !== "advance");
    if (extra.length) return { error: `an advance line takes only "advance", not ${extra.map((k) => `"${k}"`).join(", ")}` };
    const ms = record.advance;
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return { error: '"advance" must be a number of milliseconds ≥ 0' };
    return { type: "advance", ms };
  }
  const extra = Object.keys(record).filter((k) => k !== "from" && k !== "body" && k !== "media");
  if (extra.length) return { error: `unknown key ${extra.map((k) => `"${k}"`).join(", ")} (a message has "from", "body" and "media")` };
  const from = record.from ?? defaultUser;
  if (typeof from !== "string" || from.trim() === "") return { error: '"from" must be a non-empty string' };
  if (typeof record.body !== "string") return { error: '"body" must be a string' };
  const media = record.media ?? [];
  if (!Array.isArray(media) || media.some((m) => typeof m !== "string")) return { error: '"media" must be a list of URL strings' };
  return { type: "message", from, body: record.body, media: media as string[] };
}
