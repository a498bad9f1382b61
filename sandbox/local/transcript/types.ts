/** @module A transcript after loading: defaults filled in, every step tagged with its source line. */
import type { HelpMode } from "../../../sms/keywords/index.ts";

export interface Transcript {
  file: string;
  /** Folder of the transcript file: `bot:` paths are relative to it. */
  dir: string;
  source: { type: "path"; path: string; line: number } | { type: "script"; text: string; line: number };
  /** `help:` of the file: who answers HELP, over the bot's `runtime.help`; null when not given. */
  help: HelpMode | null;
  tests: TestCase[];
}

export interface TestCase {
  name: string;
  line: number;
  seed: number;
  /** Virtual start time, epoch ms. */
  now: number;
  http: Record<string, CannedResponse>;
  steps: Step[];
}

export interface Step {
  line: number;
  user: string;
  /** `set:` runs first, then the action, then the checks. */
  set: Record<string, string | null> | null;
  action:
    | { type: "say"; text: string; media: string[] }
    | { type: "advance"; ms: number }
    /** An operator's message while the user is handed off (docs/handoff.md). */
    | { type: "agent"; text: string }
    /** The operator closes the handoff: the bot resumes in `topic` (else `handoff.returnTopic`), after the closing message. */
    | { type: "close"; topic: string | null; message: string | null }
    | null;
  expect: ExpectedMessage[] | null;
  vars: Record<string, string | null> | null;
  topic: string | null;
  /** `optedOut:` checks the user's opt-out state after the action. */
  optedOut: boolean | null;
}

/** One expected message; every field given must hold. */
export interface ExpectedMessage {
  body?: string;
  contains?: string;
  regex?: string;
  oneOf?: string[];
  media?: string[];
  /** The recipient, when a test has several users. */
  to?: string;
}

export interface CannedResponse {
  status?: number;
  json?: unknown;
  text?: string;
  /** Simulates a call that got no response (status 0), such as a timeout. */
  error?: string;
}

/** A problem with the transcript file itself (exit code 2). */
export interface TranscriptError {
  file: string;
  line: number;
  column: number;
  message: string;
}
