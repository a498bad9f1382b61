/**
 * @module Property: whatever a user texts, in any order with any clock advances, the local runtime sends them nothing
 * from an opt-out keyword until an opt-in one, and its opt-out state follows Twilio's rule (whole message, any case).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compile } from "../../compiler/index.ts";
import { createLocalRuntime } from "./index.ts";
import { createCannedFetcher } from "./transcript/canned-http.ts";
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from "../../sms/keywords/opt-out.ts";

const BOT = `+ hello
- Hi! <delay seconds=5 nocancel> Still here.

+ remind me
- OK ^reminder(r, "Reminder!", +1m)

+ *
- You said: <star>
`;
const { ir } = compile([{ path: "p.bot", text: BOT }]);
const USERS = ["+15550000001", "+15550000002"];

const body = fc.oneof(
  fc.constantFrom(...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, "HELP", "info"),
  fc.constantFrom("hello", "remind me", "stop please", "yes please", "Stop", " unstop "),
);
const action = fc.oneof(fc.record({ say: body, user: fc.constantFrom(...USERS) }), fc.record({ advance: fc.integer({ min: 0, max: 120_000 }) }));

describe("opt-out in the local runtime", () => {
  it("sends nothing to an opted-out user, and follows STOP/START exactly (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 25 }), async (actions) => {
        const runtime = createLocalRuntime({ ir, root: "/nonexistent", seed: 1, fetcher: createCannedFetcher({}) });
        const model = new Map(USERS.map((u) => [u, false]));
        for (const step of actions) {
          const delivered = "say" in step ? (await runtime.receive({ from: step.user, body: step.say })).delivered : await runtime.advance(step.advance);
          if ("say" in step) {
            const word = step.say.trim().toUpperCase();
            if (OPT_OUT_KEYWORDS.includes(word)) model.set(step.user, true);
            else if (OPT_IN_KEYWORDS.includes(word)) model.set(step.user, false);
          }
          for (const message of delivered) expect(model.get(message.to), `${message.body} went to ${message.to} while opted out`).toBe(false);
          for (const user of USERS) expect(runtime.optedOut(user)).toBe(model.get(user));
        }
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});
