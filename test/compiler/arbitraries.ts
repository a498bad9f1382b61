/** @module fast-check generators for `.bot` text: raw strings, lines of command characters, and valid scripts. */
import fc from "fast-check";

/** Characters that mean something somewhere in the language, plus letters, digits, blanks and a few exotic ones. */
const syntaxChars = [..."!><+-%^@*$#/\\{}()[]|_=\"':,.;?~` \t\r\nabcxyzABC019éλ中😀\u0000\u2028"];
export const syntaxText = fc.array(fc.constantFrom(...syntaxChars), { maxLength: 60 }).map((cs) => cs.join(""));

/** A line starting with a command character (or blanks, or a comment opener) followed by syntax-heavy text. */
export const commandLine = fc
  .tuple(fc.constantFrom("!", ">", "<", "+", "-", "%", "^", "@", "*", "$", "#", "//", "/*", "*/", " ", "", "x"), syntaxText)
  .map(([c, rest]) => c + rest);

export const commandLines = fc.array(commandLine, { maxLength: 40 }).map((ls) => ls.join("\n"));

// === valid scripts ============================================================

const word = fc.constantFrom("hello", "there", "what", "is", "your", "name", "color", "pizza", "order", "i", "am", "hola", "größe");
const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(" "));

const patternPiece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 2, arbitrary: fc.constantFrom("*", "#", "_") },
  { weight: 1, arbitrary: fc.array(words(1, 2), { minLength: 2, maxLength: 3 }).map((o) => `(${o.join("|")})`) },
  { weight: 1, arbitrary: fc.array(words(1, 2), { minLength: 1, maxLength: 3 }).map((o) => `[${o.join("|")}]`) },
  { weight: 1, arbitrary: fc.constantFrom("(@colors)", "@colors", "[*]", "<get name>", "<bot name>", "<input1>") },
);
const pattern = fc.oneof(
  { weight: 1, arbitrary: fc.constant("*") },
  { weight: 8, arbitrary: fc.array(patternPiece, { minLength: 1, maxLength: 6 }).map((p) => p.join(" ")) },
);
const weight = fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined });

const replyPiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("Hi", "there!", "It's", "done.", "Ça va?", "OK", "<3", "a<b", "price: $5", "x^2") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "<star>",
      "<star2>",
      "<botstar>",
      "<input2>",
      "<reply>",
      "<id>",
      "<bot name>",
      "<env depth>",
      "<get name>",
      "<set name=<star>>",
      "<set mood=happy>",
      "<add count=1>",
      "<bot name=Max>",
      "{topic=sales}",
      "{topic=random}",
      "{@hello}",
      "<@>",
      "{random}a|b c{/random}",
      "{random}x y{/random}",
      "(@colors)",
      "{formal}<star>{/formal}",
      "<uppercase>",
      "<call>greet <star></call>",
      "<raw><get later></raw>",
      "\\s",
      "\\n",
      "<send>",
      "<noreply>",
      "<delay seconds=2>",
      "<delay seconds=1.5 nocancel>",
      "^image(https://x.test/a.png)",
      '^buttons(Hours, "Location, map")',
      "^link(https://x.test, Site)",
      '^reminder("Wake Up", "Good <get name>", 1700000000000)',
      "^reminderCancel(wake_up)",
      '^template({"type": "card"})',
      "^notifyAgent()",
      "${{weather.temp}}",
      "${{__status}}",
      "<b>bold</b>",
    ),
  },
);
const replyText = fc.array(replyPiece, { minLength: 1, maxLength: 6 }).map((p) => p.join(" "));

const reply = fc.tuple(replyText, weight).map(([t, w]) => `- ${t}${w ? `{weight=${w}}` : ""}`);
const condition = fc
  .tuple(
    fc.constantFrom("<get name>", "<bot name>", "<star>", "5"),
    fc.constantFrom("==", "eq", "!=", "ne", "<>", "<", "<=", ">", ">="),
    fc.constantFrom("undefined", "alice", "3", "<get age>"),
    replyText,
  )
  .map(([l, op, r, body]) => `* ${l} ${op} ${r} => ${body}`);

const trigger = fc
  .tuple(
    fc.tuple(pattern, fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined })).map(([p, w]) => `+ ${p}${w ? ` {weight=${w}}` : ""}`),
    fc.option(
      pattern.map((p) => `% ${p}`),
      { nil: undefined },
    ),
    fc.option(fc.constantFrom("$ GET:weather https://api.x.test/w?q=<star>", '$ POST https://api.x.test/o {"body": {"n": "<get name>"}}'), { nil: undefined }),
    fc.array(condition, { maxLength: 2 }),
    fc.oneof(fc.array(reply, { minLength: 1, maxLength: 3 }), fc.constant(["@ hello"])),
    fc.option(fc.constantFrom("^ continued text", "^image(https://x.test/b.png)"), { nil: undefined }),
  )
  .map(([t, prev, http, conds, replies, cont]) =>
    [t, prev, http, ...conds, ...replies, ...(cont && !replies[0]?.startsWith("@") ? [cont] : [])].filter((l) => l !== undefined).join("\n"),
  );

const directive = fc.constantFrom("# punc nostrip", "# punc strip", "", "// a comment", "/* block\n comment */");
const triggers = fc.array(
  fc.tuple(directive, trigger).map(([d, t]) => (d ? `${d}\n${t}` : t)),
  { minLength: 1, maxLength: 6 },
);

const topic = fc
  .tuple(fc.constantFrom("sales", "support", "random", "human"), fc.constantFrom("", " includes human", " inherits human", " isolated"), triggers)
  // Relations only point at `human`, which never has any, so generated topics cannot form a cycle.
  .map(([name, rel, ts]) => `> topic ${name}${name === "human" ? "" : rel}\n${ts.join("\n\n")}\n< topic`);

const header = [
  "! version = 2.0",
  "! local concat = space",
  "! var name = Dexter",
  "! global depth = 25",
  "! array colors = red green blue",
  "^ light blue|dark red",
  "! sub what's = what is",
  "! person i am = you are",
  "> object greet javascript",
  "  return 'hi ' + args.join(' ');",
  "< object",
].join("\n");

/** Scripts that are valid by construction: compiling them must give zero errors. */
export const validScript = fc
  .tuple(triggers, fc.array(topic, { maxLength: 3 }), fc.boolean())
  .map(([ts, topics, begin]) => [header, "+ hello\n- Hello!", ...ts, ...(begin ? ["> begin\n+ request\n- {ok}\n< begin"] : []), ...topics].join("\n\n"));
