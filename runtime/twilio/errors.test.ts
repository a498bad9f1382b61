/** @module The error table covers the codes the runtime must explain, and docs/twilio-errors.md is generated from it. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TWILIO_ERRORS, describeTwilioError, explainTwilioError } from "./errors.ts";
import { renderTwilioErrorsMarkdown } from "./errors-doc.ts";

const REQUIRED = [
  20003, 20429, 21211, 21408, 21602, 21606, 21608, 21610, 21614, 21617, 21623, 21659, 30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009, 30010,
  30032, 30034, 11200, 11205,
];
const DOC = fileURLToPath(new URL("../../docs/twilio-errors.md", import.meta.url));

describe("Twilio error table", () => {
  it.each(REQUIRED)("explains %i", (code) => {
    const info = explainTwilioError(code);
    expect(info.title).not.toBe("Unknown Twilio error");
    expect(info.explanation.length).toBeGreaterThan(20);
    expect(info.action.length).toBeGreaterThan(10);
  });

  it("classifies retries as the runtime needs them", () => {
    const retry = (code: number) => explainTwilioError(code).retry;
    expect(retry(20429)).toBe("backoff");
    expect(retry(20500)).toBe("reconcile");
    expect([21610, 21211, 21614, 21617, 30007, 30034].map(retry)).toEqual(Array(6).fill("never"));
    expect(retry(30003)).toBe("backoff");
  });

  it("REST errors carry an HTTP status; callback errors are 30xxx", () => {
    for (const [code, entry] of Object.entries(TWILIO_ERRORS)) {
      if (entry.source === "rest") expect(entry.httpStatus, String(code)).toBeGreaterThanOrEqual(400);
      if (entry.source === "callback") expect(Number(code)).toBeGreaterThanOrEqual(30000);
    }
    expect(explainTwilioError(20003).httpStatus).toBe(401);
    expect(explainTwilioError(20429).httpStatus).toBe(429);
  });

  it("gives unknown codes a generic entry that points to Twilio's page", () => {
    const info = explainTwilioError(31999);
    expect(info.title).toBe("Unknown Twilio error");
    expect(info.action).toContain("https://www.twilio.com/docs/errors/31999");
    expect(describeTwilioError(21610)).toMatch(/^Twilio 21610 \(Recipient has unsubscribed\): .* Do: Mark the user opted out/);
  });

  it("docs/twilio-errors.md matches the table (UPDATE_SNAPSHOTS=1 rewrites it)", () => {
    const rendered = renderTwilioErrorsMarkdown();
    if (process.env["UPDATE_SNAPSHOTS"] === "1") writeFileSync(DOC, rendered);
    expect(readFileSync(DOC, "utf8")).toBe(rendered);
    for (const code of REQUIRED) expect(rendered).toContain(`## ${code}`);
  });
});
