/** @module The line-level `.bot` parser: one reused Chevrotain CstParser that groups line tokens into statements. */
import { CstParser, Lexer, type CstNode, type ILexingError, type IRecognitionException, type IToken } from "chevrotain";
import * as t from "./tokens.ts";

// The grammar is deliberately total: every sequence of line tokens is a list of statements, and the
// lines that cannot stand where they are (`-` before any `+`, a `%` after replies, an unknown command
// character) are a `strayLine` statement instead of a parse error. The AST phase then reports them with
// codes and messages that say what the author did wrong ("reply before any trigger"), which
// Chevrotain's generic "expected one of …" messages cannot. Recovery stays on as a safety net; any
// recognition error it still produced would be mapped to a diagnostic, never thrown.

class BotParser extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: true, nodeLocationTracking: "full", maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public script = this.RULE("script", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  public statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.triggerBlock) },
      { ALT: () => this.SUBRULE(this.definitionBlock) },
      { ALT: () => this.SUBRULE(this.labelOpen) },
      { ALT: () => this.CONSUME(t.LabelClose) },
      { ALT: () => this.CONSUME(t.ObjectBlock) },
      { ALT: () => this.CONSUME(t.Directive) },
      { ALT: () => this.SUBRULE(this.strayLine) },
    ]);
  });

  /** `+ trigger`, its optional `% previous`, then its replies, conditions, redirects and HTTP calls. */
  public triggerBlock = this.RULE("triggerBlock", () => {
    this.CONSUME(t.Trigger);
    this.MANY(() => this.CONSUME(t.Continue));
    this.OPTION(() => this.SUBRULE(this.previousLine));
    this.MANY2(() => this.SUBRULE(this.responseLine));
  });

  public previousLine = this.RULE("previousLine", () => {
    this.CONSUME(t.Previous);
    this.MANY(() => this.CONSUME(t.Continue));
  });

  public responseLine = this.RULE("responseLine", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Reply) },
      { ALT: () => this.CONSUME(t.Condition) },
      { ALT: () => this.CONSUME(t.Redirect) },
      { ALT: () => this.CONSUME(t.Http) },
    ]);
    this.MANY(() => this.CONSUME(t.Continue));
  });

  /** `! type name = value`; `^` lines continue it (each array line is split on its own). */
  public definitionBlock = this.RULE("definitionBlock", () => {
    this.CONSUME(t.Definition);
    this.MANY(() => this.CONSUME(t.Continue));
  });

  public labelOpen = this.RULE("labelOpen", () => {
    this.CONSUME(t.LabelOpen);
    this.MANY(() => this.CONSUME(t.Continue));
  });

  /** A line that belongs to a trigger but has none, or an unknown command. Reported by the AST phase. */
  public strayLine = this.RULE("strayLine", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Reply) },
      { ALT: () => this.CONSUME(t.Condition) },
      { ALT: () => this.CONSUME(t.Redirect) },
      { ALT: () => this.CONSUME(t.Http) },
      { ALT: () => this.CONSUME(t.Previous) },
      { ALT: () => this.CONSUME(t.Continue) },
      { ALT: () => this.CONSUME(t.Junk) },
    ]);
    this.MANY(() => this.CONSUME2(t.Continue));
  });
}

const lexer = new Lexer(t.allTokens, { ensureOptimizations: true, positionTracking: "full" });

/** Reused for every file: assigning `input` resets it (Chevrotain's performance guide). */
export const parser = new BotParser();

export interface LineParseResult {
  cst: CstNode;
  /** Block and line comments, kept so the AST phase can report an unterminated `/*`. */
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lexes and parses one file's text into a CST of statements. Never throws on input. */
export function parseLines(text: string): LineParseResult {
  const lexed = lexer.tokenize(text);
  parser.input = lexed.tokens;
  const cst = parser.script();
  return {
    cst,
    comments: lexed.groups["comments"] ?? [],
    lexErrors: lexed.errors,
    parseErrors: [...parser.errors],
  };
}
