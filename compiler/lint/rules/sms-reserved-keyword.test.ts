/** @module Tests for sms-reserved-keyword (SMS010): one finding per trigger, listing its keywords, with a fix that keeps the trigger. */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule, { describeKeywords } from "./sms-reserved-keyword.ts";

const OPT_OUT = "the user is unsubscribed and gets Twilio's opt-out confirmation; this reply is never sent";
const HELP = "Twilio answers with the sender's help text and this reply is never sent (the bot answers HELP only with runtime.help: bot in bot.config.yaml)";
const HELP_BOT = "Twilio answers with the sender's help text as well as this reply (runtime.help: bot)";
const ALL = describeKeywords(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "START", "YES", "UNSTOP", "HELP", "INFO"]);

ruleTester.run("sms-reserved-keyword", rule, {
  valid: [
    "+ stop please\n- ok\n",
    "+ help *\n- ok\n",
    "+ *\n- catch-all\n",
    "+ (my name is|i am|im) *\n- Nice to meet you <star2>!\n",
    { code: "+ stop\n- Bye\n", sender: { type: "short-code" }, name: "short codes handle their own keywords" },
  ],
  invalid: [
    {
      name: "the keyword alone: nothing to keep, so no fix",
      code: "+ stop\n- Bye\n",
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 7, data: { keywords: '"STOP"', count: 1, effect: OPT_OUT } }],
      output: null,
    },
    {
      name: "one finding for two keywords; the fix requires the optional word",
      code: "+ [please] (help|info)\n- I can help\n",
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 23, data: { keywords: '"HELP" and "INFO"', count: 2, effect: HELP } }],
      output: "+ please (help|info)\n- I can help\n",
    },
    {
      name: "with runtime.help: bot the bot's HELP reply is sent, and the finding says so",
      code: "+ [please] (help|info)\n- I can help\n",
      runtime: { help: "bot" },
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 23, data: { keywords: '"HELP" and "INFO"', count: 2, effect: HELP_BOT } }],
      output: "+ please (help|info)\n- I can help\n",
    },
    {
      name: "the issue's trigger: one finding for 13 keywords; the fix requires the intro and renumbers <star>",
      code: "+ [my name is|i am|im] *\n- Nice to meet you <star>!\n",
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 25, data: { keywords: "13 keywords", count: 13, effect: ALL.effect } }],
      output: "+ (my name is|i am|im) *\n- Nice to meet you <star2>!\n",
    },
    {
      name: "a keyword among other alternatives is left out",
      code: "+ (yes|yeah|sure)\n- Great\n",
      errors: [
        {
          code: "SMS010",
          line: 1,
          column: 3,
          endLine: 1,
          endColumn: 18,
          data: {
            keywords: '"YES"',
            count: 1,
            effect: "an opted-out user is re-subscribed and gets Twilio's confirmation, not this reply; anyone else gets this reply",
          },
        },
      ],
      output: "+ (yeah|sure)\n- Great\n",
    },
    {
      name: "captures are renumbered in conditions and every reply",
      code: "+ [i am|im] *\n* <star> == bob => Hi Bob\n- Hi <star1>\n",
      errors: [{ code: "SMS010", line: 1, column: 3, endLine: 1, endColumn: 14, data: { keywords: "13 keywords", count: 13, effect: ALL.effect } }],
      output: "+ (i am|im) *\n* <star2> == bob => Hi Bob\n- Hi <star2>\n",
    },
  ],
});
