/** @module One failing example and its fix per BOT code: asserted by diagnostics.test.ts, rendered into docs/diagnostics. */

export interface DiagnosticCase {
  code: string;
  /** A script that raises `code` (once) at `at`. */
  bad: string;
  /** [line, column, endLine, endColumn] of that diagnostic, 1-based, end exclusive. */
  at: [number, number, number, number];
  /** The same script with the problem fixed: no diagnostic of this code. */
  fixed: string;
  /** Extra files loaded before `bad` (for codes about more than one file). */
  files?: Record<string, string>;
}

export const diagnosticCases: DiagnosticCase[] = [
  { code: "BOT001", bad: "+ hello\n- hi\n= oops\n", at: [3, 1, 3, 2], fixed: "+ hello\n- hi\n// oops\n" },
  { code: "BOT002", bad: "- Welcome!\n+ hello\n- hi\n", at: [1, 1, 1, 11], fixed: "+ hello\n- Welcome!\n- hi\n" },
  { code: "BOT003", bad: "+ hello\n- hi\n% hi\n", at: [3, 1, 3, 5], fixed: "+ *\n% hi\n- hello again\n" },
  { code: "BOT004", bad: "^ and more\n+ hello\n- hi\n", at: [1, 1, 1, 11], fixed: "+ hello\n- hi\n^ and more\n" },
  { code: "BOT005", bad: "+ hello\n- hi\n/* notes\n+ bye\n- bye\n", at: [3, 1, 3, 3], fixed: "+ hello\n- hi\n/* notes */\n+ bye\n- bye\n" },
  { code: "BOT006", bad: "> topic sales\n+ price\n- $5\n", at: [1, 1, 1, 14], fixed: "> topic sales\n+ price\n- $5\n< topic\n" },
  { code: "BOT007", bad: "+ hello\n- hi\n< topic\n", at: [3, 1, 3, 8], fixed: "> topic sales\n+ hello\n- hi\n< topic\n" },
  { code: "BOT008", bad: "> toppic sales\n+ price\n- $5\n< topic\n", at: [1, 3, 1, 9], fixed: "> topic sales\n+ price\n- $5\n< topic\n" },
  { code: "BOT009", bad: "# greetings\n+ hello\n- hi\n", at: [1, 3, 1, 12], fixed: "// greetings\n+ hello\n- hi\n" },
  { code: "BOT010", bad: "# punc keep\n+ say *\n- <star>\n", at: [1, 1, 1, 12], fixed: "# punc nostrip\n+ say *\n- <star>\n" },
  { code: "BOT011", bad: "! var name Dexter\n+ hello\n- hi\n", at: [1, 1, 1, 18], fixed: "! var name = Dexter\n+ hello\n- hi\n" },
  { code: "BOT012", bad: "! variable name = Dexter\n", at: [1, 3, 1, 11], fixed: "! var name = Dexter\n" },
  { code: "BOT013", bad: "+ Hello bot\n- hi\n", at: [1, 3, 1, 4], fixed: "+ hello bot\n- hi\n" },
  { code: "BOT014", bad: "+ what is your (home|office number\n- 555\n", at: [1, 16, 1, 17], fixed: "+ what is your (home|office) number\n- 555\n" },
  { code: "BOT015", bad: "+ hello []\n- hi\n", at: [1, 10, 1, 10], fixed: "+ hello [there|you]\n- hi\n" },
  { code: "BOT016", bad: "+ my name is <star>\n- hi\n", at: [1, 14, 1, 20], fixed: "+ my name is *\n- hi <star>\n" },
  { code: "BOT017", bad: "+\n- hi\n", at: [1, 1, 1, 2], fixed: "+ *\n- hi\n" },
  { code: "BOT018", bad: "+ hello\n- hi{weight=0}\n- hey\n", at: [2, 5, 2, 15], fixed: "+ hello\n- hi{weight=2}\n- hey\n" },
  { code: "BOT019", bad: "+ hello\n- {random}hi|hey\n", at: [2, 3, 2, 11], fixed: "+ hello\n- {random}hi|hey{/random}\n" },
  { code: "BOT020", bad: "+ hello\n- hi</raw> there\n", at: [2, 5, 2, 11], fixed: "+ hello\n- hi there\n" },
  { code: "BOT021", bad: "+ am i old\n* <get age> > 60 then You are!\n- No\n", at: [2, 1, 2, 31], fixed: "+ am i old\n* <get age> > 60 => You are!\n- No\n" },
  { code: "BOT022", bad: "+ weather\n$ GET\n- ok\n", at: [2, 1, 2, 6], fixed: "+ weather\n$ GET https://api.example.com/weather\n- ok\n" },
  {
    code: "BOT023",
    bad: "+ weather\n$ FETCH https://api.example.com/weather\n- ok\n",
    at: [2, 3, 2, 8],
    fixed: "+ weather\n$ GET https://api.example.com/weather\n- ok\n",
  },
  { code: "BOT024", bad: "+ hi\n@\n", at: [2, 1, 2, 2], fixed: "+ hi\n@ hello\n+ hello\n- Hello!\n" },
  { code: "BOT026", bad: "> topic\n+ hi\n- hi\n< topic\n", at: [1, 1, 1, 8], fixed: "> topic sales\n+ hi\n- hi\n< topic\n" },
  { code: "BOT027", bad: "+ call me *\n- <set =<star>>ok\n", at: [2, 3, 2, 16], fixed: "+ call me *\n- <set name=<star>>ok\n" },
  // 201 unbalanced `)`: the first 200 errors are listed and the 201st is where the count is reported.
  {
    code: "BOT029",
    bad: "+ where are you [from]|where [do] you live\n- Online.\n",
    at: [1, 3, 1, 43],
    fixed: "+ (where are you [from]|where [do] you live)\n- Online.\n",
  },
  { code: "BOT030", bad: "+ hi\n- Hi <gte name>!\n", at: [2, 6, 2, 16], fixed: "+ hi\n- Hi <get name>!\n" },
  { code: "BOT031", bad: "> object hello\nreturn 'hi';\n< object\n", at: [1, 1, 1, 15], fixed: "> object hello javascript\nreturn 'hi';\n< object\n" },
  { code: "BOT032", bad: "! array hello = hi|hey|\n", at: [1, 23, 1, 24], fixed: "! array hello = hi|hey\n" },
  { code: "BOT033", bad: "! array hello = hi||hey\n", at: [1, 19, 1, 21], fixed: "! array hello = hi|hey\n" },
  // A Latin-1 "café" read as UTF-8: its é byte arrives as U+FFFD.
  { code: "BOT034", bad: "+ hello (there||you)\n- hi\n", at: [1, 16, 1, 16], fixed: "+ hello (there|you)\n- hi\n" },
  { code: "BOT040", bad: "+ hello\n- caf\uFFFD\n", at: [2, 6, 2, 7], fixed: "+ hello\n- café\n" },
  { code: "BOT028", bad: `+ hello${")".repeat(201)}\n- hi\n`, at: [1, 208, 1, 209], fixed: "+ hello\n- hi\n" },
  { code: "BOT101", bad: "+ hello\n- Hi <delay seconds=500> there\n", at: [2, 6, 2, 25], fixed: "+ hello\n- Hi <delay seconds=5> there\n" },
  { code: "BOT102", bad: "+ hello\n- Hi<delay seconds=2> there\n", at: [2, 5, 2, 22], fixed: "+ hello\n- Hi <delay seconds=2> there\n" },
  { code: "BOT103", bad: "+ hello\n- Hi <delay 2> there\n", at: [2, 6, 2, 15], fixed: "+ hello\n- Hi <delay seconds=2> there\n" },
  { code: "BOT104", bad: "+ menu\n- Here ^picture(menu.png)\n", at: [2, 8, 2, 26], fixed: "+ menu\n- Here ^image(menu.png)\n" },
  { code: "BOT105", bad: "+ menu\n- Here ^image()\n", at: [2, 8, 2, 16], fixed: "+ menu\n- Here ^image(menu.png)\n" },
  { code: "BOT106", bad: '+ card\n- ^template({type: "card"})\n', at: [2, 3, 2, 28], fixed: '+ card\n- ^template({"type": "card"})\n' },
  {
    code: "BOT107",
    bad: "+ order\n$ POST https://api.example.com/orders {body: 1}\n- ok\n",
    at: [2, 39, 2, 48],
    fixed: '+ order\n$ POST https://api.example.com/orders {"body": 1}\n- ok\n',
  },
  {
    code: "BOT108",
    bad: "> topic a includes b\n+ x\n- x\n< topic\n> topic b includes a\n+ y\n- y\n< topic\n",
    at: [1, 1, 4, 8],
    fixed: "> topic a includes b\n+ x\n- x\n< topic\n> topic b\n+ y\n- y\n< topic\n",
  },
  { code: "BOT109", bad: "! local concat = tab\n", at: [1, 1, 1, 21], fixed: "! local concat = space\n" },
  { code: "BOT110", bad: "! global depth = lots\n", at: [1, 1, 1, 22], fixed: "! global depth = 30\n" },
  { code: "BOT111", bad: "+ hello\n- hi{weight=50000}\n- hey\n", at: [2, 5, 2, 19], fixed: "+ hello\n- hi{weight=50}\n- hey\n" },
  { code: "BOT112", bad: "! version = 3.0\n", at: [1, 1, 1, 16], fixed: "! version = 2.0\n" },
  { code: "BOT113", bad: "+ call me *\n- <set _userPhone=<star>>ok\n", at: [2, 3, 2, 26], fixed: "+ call me *\n- <set phone=<star>>ok\n" },
  { code: "BOT114", bad: "> object hash perl\nreturn 1;\n< object\n", at: [1, 1, 1, 19], fixed: "> object hash javascript\nreturn 1;\n< object\n" },
  { code: "BOT115", bad: "> topic sales includes pricing\n+ hi\n- hi\n< topic\n", at: [1, 1, 4, 8], fixed: "> topic sales\n+ hi\n- hi\n< topic\n" },
  { code: "BOT116", bad: "+ hello\n- hi\n# bot-ignore SMS001\n", at: [3, 1, 3, 20], fixed: "# bot-ignore SMS001\n+ hello\n- hi\n" },
  { code: "BOT117", bad: "! sub :) = smile\n! sub ;) = wink\n", at: [2, 1, 2, 16], fixed: "! sub :) = smile\n! sub ;-) = wink\n" },
];
