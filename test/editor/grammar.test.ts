/** @module The TextMate grammar (editors/vscode/syntaxes/bot.tmLanguage.json) with VS Code's own tokenizer, on a fixture with every construct of docs/language.md. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const require = createRequire(import.meta.url);
const fixture = readFileSync(new URL("./fixtures/grammar.bot", import.meta.url), "utf8").split("\n");
let lines: { text: string; tokens: { text: string; scopes: string[] }[] }[] = [];

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) => {
      // VS Code brings its own JavaScript grammar for object code; an empty stand-in is enough here.
      if (scope === "source.js") return textmate.parseRawGrammar(JSON.stringify({ scopeName: "source.js", patterns: [] }), "js.json");
      if (scope !== "source.bot") return null;
      const path = new URL("../../editors/vscode/syntaxes/bot.tmLanguage.json", import.meta.url);
      return textmate.parseRawGrammar(readFileSync(path, "utf8"), path.pathname);
    },
  });
  const grammar = await registry.loadGrammar("source.bot");
  if (!grammar) throw new Error("grammar did not load");
  let state = textmate.INITIAL;
  lines = fixture.map((text) => {
    const result = grammar.tokenizeLine(text, state);
    state = result.ruleStack;
    return { text, tokens: result.tokens.map((t) => ({ text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes })) };
  });
});

/** The scopes of the first token equal to `token` on the first line starting with `line` (after `from` lines). */
function scopesOf(line: string, token: string, nth = 0): string[] {
  const matching = lines.filter((l) => l.text.startsWith(line));
  const found = matching[nth];
  if (!found) throw new Error(`no fixture line starting with ${line}`);
  const t = found.tokens.find((x) => x.text === token) ?? found.tokens.find((x) => x.text.includes(token));
  if (!t) throw new Error(`no token ${token} in "${found.text}": ${found.tokens.map((x) => JSON.stringify(x.text)).join(" ")}`);
  return t.scopes;
}

const cases: [string, string, string, string][] = [
  ["line comment", "// Every", "// Every construct", "comment.line.double-slash.bot"],
  ["block comment", "/* a block", " a block", "comment.block.bot"],
  ["block comment, second line", "   comment */", "   comment ", "comment.block.bot"],
  ["definition command", "! version", "!", "keyword.operator.command.definition.bot"],
  ["definition type", "! var name", "var", "storage.type.definition.bot"],
  ["definition name", "! var name", "name", "variable.other.definition.bot"],
  ["inline comment after a definition", "! local concat", "// this file only", "comment.line.double-slash.bot"],
  ["<undef>", "! var old", "<undef>", "constant.language.undef.bot"],
  ["array continuation", "^ light blue", "^", "keyword.operator.command.continuation.bot"],
  ["object block", "> object greet", "greet", "entity.name.function.macro.bot"],
  ["object code is embedded", '  return "hi "', "return", "source.js.embedded.bot"],
  ["object close", "< object", "object", "storage.type.object.bot"],
  ["trigger command", "+ hello", "+", "keyword.operator.command.trigger.bot"],
  ["optional", "+ hello", "[", "punctuation.section.group.bot"],
  ["trigger weight", "+ hello", "10", "constant.numeric.bot"],
  ["reply command", "- Hi!", "-", "keyword.operator.command.reply.bot"],
  ["bot variable", "- Hi!", "name", "variable.other.bot"],
  ["reply weight", "- Hi!", "weight", "entity.name.tag.bot"],
  ["wildcard *", "+ my name is", "*", "keyword.operator.wildcard.bot"],
  ["set tag", "- <set name", "set", "entity.name.tag.bot"],
  ["set variable", "- <set name", "name", "variable.other.bot"],
  ["array in a pattern", "+ i like", "colors", "variable.other.array.bot"],
  ["wildcard #", "+ i like", "#", "keyword.operator.wildcard.bot"],
  ["wildcard _", "+ i like", "_", "keyword.operator.wildcard.bot"],
  ["array in a reply", "- (@colors)", "colors", "variable.other.array.bot"],
  ["star tag", "- (@colors)", "star2", "entity.name.tag.bot"],
  ["botstar tag", "- (@colors)", "botstar", "entity.name.tag.bot"],
  ["input tag", "- (@colors)", "input1", "entity.name.tag.bot"],
  ["id tag", "- (@colors)", "id", "entity.name.tag.bot"],
  ["env tag", "- (@colors)", "depth", "variable.other.bot"],
  ["condition command", "* <get age>", "*", "keyword.operator.command.condition.bot"],
  ["condition operator", "* <get age>", ">=", "keyword.operator.comparison.bot"],
  ["condition =>", "* <get age>", "=>", "keyword.operator.then.bot"],
  ["math tag", "- You're young", "add", "entity.name.tag.bot"],
  ["random", "- You're young", "random", "entity.name.tag.bot"],
  ["person format", "- You're young", "person", "entity.name.tag.bot"],
  ["redirect command", "@ my name", "@", "keyword.operator.command.redirect.bot"],
  ["send", "- Here's what", "send", "entity.name.tag.bot"],
  ["delay", "- Here's what", "delay", "entity.name.tag.bot"],
  ["noreply", "- Here's what", "noreply", "entity.name.tag.bot"],
  ["shortcode line buttons", "^buttons", "buttons", "support.function.shortcode.bot"],
  ["shortcode line image", "^image", "image", "support.function.shortcode.bot"],
  ["`^ image(s)` is continuation text", "^ image(s)", "^", "keyword.operator.command.continuation.bot"],
  ["topic tag", "- {topic=sales}", "sales", "entity.name.namespace.topic.bot"],
  ["inline redirect", "- {topic=sales}", "@", "entity.name.tag.bot"],
  ["call", "- {topic=sales}", "call", "entity.name.tag.bot"],
  ["raw", "- {topic=sales}", "raw", "entity.name.tag.bot"],
  ["escapes", "- {topic=sales}", "\\s", "constant.character.escape.bot"],
  ["link", "- ^link", "link", "support.function.shortcode.bot"],
  ["reminder", "- ^link", "reminder", "support.function.shortcode.bot"],
  ["reminderCancel", "- ^link", "reminderCancel", "support.function.shortcode.bot"],
  ["notifyAgent", "- ^link", "notifyAgent", "support.function.shortcode.bot"],
  ["template", "- ^template", "template", "support.function.shortcode.bot"],
  ["metadata", "- ^template", "metadata", "support.function.shortcode.bot"],
  ["file", "- ^template", "file", "support.function.shortcode.bot"],
  ["video", "- ^template", "video", "support.function.shortcode.bot"],
  ["audio", "- ^template", "audio", "support.function.shortcode.bot"],
  ["http value", "- ^template", "${{weather.temp}}", "variable.other.http-value.bot"],
  ["ok", "- ^template", "ok", "entity.name.tag.bot"],
  ["http command", "$ GET", "$", "keyword.operator.command.http.bot"],
  ["http method", "$ GET", "GET", "keyword.other.http-method.bot"],
  ["http call name", "$ GET", "weather", "variable.other.http-name.bot"],
  ["http url", "$ GET", "https://api.example.com/weather?city=<star>", "markup.underline.link.bot"],
  ["previous command", "% whos", "%", "keyword.operator.command.previous.bot"],
  ["directive", "# punc", "punc", "keyword.other.directive.bot"],
  ["bot-ignore", "# bot-ignore", "bot-ignore", "keyword.other.directive.bot"],
  ["topic block", "> topic sales", "sales", "entity.name.namespace.topic.bot"],
  ["includes", "> topic sales", "includes", "keyword.other.relation.bot"],
  ["included topic", "> topic sales", "help", "entity.other.inherited-topic.bot"],
  ["isolated", "> topic sales", "isolated", "keyword.other.relation.bot"],
  ["topic close", "< topic", "topic", "storage.type.block.bot"],
  ["begin block", "> begin", "begin", "storage.type.block.bot"],
  ["unknown command", "~ not", "~ not a command", "invalid.illegal.command.bot"],
];

describe("TextMate grammar", () => {
  it.each(cases)("%s", (_name, line, token, scope) => {
    expect(scopesOf(line, token)).toContain(scope);
  });

  it("every line of the fixture is inside source.bot and the grammar never leaves a rule open past the object block", () => {
    for (const l of lines) for (const t of l.tokens) expect(t.scopes[0]).toBe("source.bot");
    expect(scopesOf("+ knock", "+")).not.toContain("source.js.embedded.bot");
  });
});
