/** @module Renders docs/twilio-errors.md from the error table, so the page and the code cannot drift apart. */
import { TWILIO_ERRORS, explainTwilioError, moreInfoUrl } from "./errors.ts";

const RETRY_TEXT = {
  never: "never — resending cannot succeed",
  backoff: "later, with backoff",
  reconcile: "only after checking whether Twilio created the message",
} as const;

const SOURCE_TEXT = {
  rest: "REST error response",
  callback: "status callback `ErrorCode`",
  webhook: "Twilio debugger (your webhook)",
} as const;

export function renderTwilioErrorsMarkdown(): string {
  const codes = Object.keys(TWILIO_ERRORS)
    .map(Number)
    .sort((a, b) => a - b);
  const lines = [
    "# Twilio error codes",
    "",
    "<!-- Generated from runtime/twilio/errors.ts by `UPDATE_SNAPSHOTS=1 npx vitest run runtime/twilio`. Do not edit by hand. -->",
    "",
    "The runtime logs every Twilio error with the explanation below. REST errors arrive as an HTTP",
    "4xx/5xx answer to `Messages.create`; delivery errors (30xxx) arrive later in the `ErrorCode` of a",
    "status callback; 11xxx errors are Twilio's reports about your webhook.",
    "",
    "| Code | Title | Seen in | Retry |",
    "|---|---|---|---|",
    ...codes.map((code) => {
      const info = explainTwilioError(code);
      const seen = SOURCE_TEXT[info.source] + (info.httpStatus ? ` (HTTP ${info.httpStatus})` : "");
      return `| [${code}](#${code}) | ${info.title} | ${seen} | ${info.retry} |`;
    }),
    "",
  ];
  for (const code of codes) {
    const info = explainTwilioError(code);
    lines.push(
      `## ${code}`,
      "",
      `**${info.title}.** ${info.explanation}`,
      "",
      `- What to do: ${info.action}`,
      `- Retry: ${RETRY_TEXT[info.retry]}.`,
      `- Twilio's page: <${moreInfoUrl(code)}>`,
      "",
    );
  }
  return lines.join("\n");
}
