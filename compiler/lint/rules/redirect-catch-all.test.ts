/** @module Tests for redirect-catch-all (BOT215). */
import { ruleTester } from "../../../test/lint/rule-tester.ts";
import rule from "./redirect-catch-all.ts";

const CATCH_ALL = "+ *\n- Sorry?\n";

ruleTester.run("redirect-catch-all", rule, {
  valid: [
    // The redirect reaches its own trigger, before the catch-all.
    `+ hours\n- 9 to 5\n+ opening hours\n@ hours\n${CATCH_ALL}`,
    // Normalised as a message is: "What's up?" meets `+ what is up`.
    `! sub what's = what is\n+ what is up\n- Not much.\n+ sup\n@ What's up?\n${CATCH_ALL}`,
    // Without a catch-all it is BOT202's, not this rule's.
    "+ hello\n- Hi!\n+ hey\n@ helo\n",
    // A run-time text cannot be checked.
    `+ say *\n@ <star>\n${CATCH_ALL}`,
    // A wildcard that is not alone is not a catch-all.
    `+ tell me about *\n- About <star>.\n+ info\n@ tell me about cats\n${CATCH_ALL}`,
  ],
  invalid: [
    {
      code: `+ hours\n- 9 to 5\n+ when do you open\n@ opening hours\n${CATCH_ALL}`,
      errors: [
        {
          code: "BOT215",
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 16,
          data: { target: "opening hours", topic: "default", catchAll: "+ *", line: 5, didYouMean: "; did you mean `+ hours` (test.bot:1)?" },
        },
      ],
    },
    {
      // `{@…}` too, and a one-word change names the trigger it would reach.
      code: `+ [what] time do you open\n- At 9.\n+ time\n- {@ what time do u open}\n${CATCH_ALL}`,
      errors: [
        {
          code: "BOT215",
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 26,
          data: {
            target: "what time do u open",
            topic: "default",
            catchAll: "+ *",
            line: 5,
            didYouMean: "; did you mean `+ [what] time do you open` (test.bot:1)?",
          },
        },
      ],
    },
    {
      // The topic's own catch-all catches it first; nothing near: no "did you mean".
      code: `+ go\n- {topic=shop}{@ zebra}\n> topic shop\n+ sell\n- no\n+ *\n- Shop what?\n< topic\n${CATCH_ALL}`,
      errors: [
        {
          code: "BOT215",
          line: 2,
          column: 15,
          endLine: 2,
          endColumn: 24,
          data: { target: "zebra", topic: "shop", catchAll: "+ * (topic shop)", line: 6, didYouMean: "" },
        },
      ],
    },
    {
      // The redirect's own topic is preferred for "did you mean" over an equally near trigger in default.
      code: `+ hours\n- 9 to 5\n> topic desk\n+ ask\n@ opening hours\n+ hours\n- Desk hours\n+ *\n- Desk?\n< topic\n${CATCH_ALL}`,
      errors: [
        {
          code: "BOT215",
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 16,
          data: { target: "opening hours", topic: "desk", catchAll: "+ * (topic desk)", line: 8, didYouMean: "; did you mean `+ hours` (test.bot:6)?" },
        },
      ],
    },
  ],
});
