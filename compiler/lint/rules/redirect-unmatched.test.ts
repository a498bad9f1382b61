/** @module Tests for redirect-unmatched (BOT202). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-unmatched.ts";

ruleTester.run("redirect-unmatched", rule, {
  valid: [
    "+ hello\n- Hi!\n+ hey\n@ hello\n",
    "+ my name is *\n- Hi <star>\n+ call me *\n@ my name is <star>\n",
    "+ what (time|hour) is it\n- Noon\n+ time\n- {@ what hour is it}\n",
    // Normalised and substituted as a message is: "What's up?" meets `+ what is up`.
    "! sub what's = what is\n+ what is up\n- Not much.\n+ sup\n@ What's up?\n",
    // A topic that is not isolated falls back to default, as the engine does.
    "+ go\n- {topic=shop}{@ buy}\n> topic shop\n+ sell\n- no\n< topic\n+ buy\n- bought\n",
  ],
  invalid: [
    {
      code: "+ hello\n- Hi!\n+ hey\n@ helo\n",
      errors: [{ code: "BOT202", line: 4, column: 1, endLine: 4, endColumn: 7, data: { target: "helo", topic: "default" } }],
    },
    {
      code: "+ hello\n- Hi!\n+ hey\n- {@ greetings}\n",
      errors: [{ code: "BOT202", line: 4, column: 3, endLine: 4, endColumn: 16, data: { target: "greetings", topic: "default" } }],
    },
    {
      // Matched where it runs: after `{topic=shop}`, in the isolated topic shop, where nothing matches "buy".
      code: "+ go\n- {topic=shop}{@ buy}\n> topic shop isolated\n+ sell\n- no\n< topic\n+ buy\n- bought\n",
      errors: [{ code: "BOT202", line: 2, column: 15, endLine: 2, endColumn: 22, data: { target: "buy", topic: "shop" } }],
    },
    {
      // A `%` trigger is not tried for a redirect (the engine matches `%` only for the user's own message).
      code: "+ hello\n- Hi! Are you well?\n+ yes\n% hi are you well\n- Good.\n+ fine\n@ yes\n",
      errors: [{ code: "BOT202", line: 7, column: 1, endLine: 7, endColumn: 6, data: { target: "yes", topic: "default" } }],
    },
  ],
});
