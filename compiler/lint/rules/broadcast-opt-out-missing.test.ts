/** @module Tests for broadcast-opt-out-missing (SMS014). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./broadcast-opt-out-missing.ts";

const bot = "+ *\n- hi\n";
ruleTester.run("broadcast-opt-out-missing", rule, {
  valid: [
    { code: bot, sender: { type: "long-code" }, broadcast: "Sale today! Reply STOP to unsubscribe." },
    { code: bot, sender: { type: "toll-free" }, broadcast: "News. Text END to opt out" },
    { code: bot, sender: { type: "short-code" }, broadcast: "Sale today!", name: "short codes are not checked by default" },
    { code: bot, broadcast: "Sale today!", name: "no sender configured" },
  ],
  invalid: [
    {
      code: bot,
      sender: { type: "long-code" },
      broadcast: "Sale today!\nText 2 to opt out",
      errors: [{ code: "SMS014", line: 1, column: 1, endLine: 2, endColumn: 18, data: { sender: "long-code" } }],
    },
    {
      code: bot,
      sender: { type: "messaging-service" },
      options: { senders: ["messaging-service"] },
      broadcast: "Hi",
      errors: [{ code: "SMS014", line: 1, column: 1, endLine: 1, endColumn: 3, data: { sender: "messaging-service" } }],
    },
  ],
});
