/** @module The runtime's JSON log lines are inert in a terminal: a texter's C1 controls and bidi overrides in a logged body come out as `\u` escapes, and each line still parses to the same value. */
import { describe, expect, it } from "vitest";
import type { DestinationStream } from "pino";
import { createLogger } from "../../runtime/log/logger.ts";

describe("log lines", () => {
  it("write DEL, C1 and bidi controls as \\u escapes (JSON already escapes C0), keeping the value", () => {
    const written: string[] = [];
    const destination: DestinationStream = { write: (chunk: string) => void written.push(chunk) };
    const logger = createLogger({ level: "info", destination });
    const body = "hi\u001b[2J\u009b31m\u202eevil\u2066x\u007f\u0085";
    logger.info({ event: "inbound", body }, `got ${body}`);
    const line = written.join("");
    // eslint-disable-next-line no-control-regex -- the control characters are what must not appear
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(line).toContain("\\u009b");
    expect(line).toContain("\\u202e");
    const parsed = JSON.parse(line) as { body: string; msg: string };
    expect(parsed.body).toBe(body);
    expect(parsed.msg).toBe(`got ${body}`);
  });
});
