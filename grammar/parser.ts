/** @module The line-level `.bot` parser: one reused Chevrotain parser whose rules group line tokens into statements. */
import type { ILexingError, IOrAlt, IRecognitionException, IToken } from "chevrotain";
import { EmbeddedActionsParser, Lexer } from "./chevrotain.ts";
import * as t from "./tokens.ts";

// The grammar is deliberately total: every sequence of line tokens is a list of statements, and the
// lines that cannot stand where they are (`-` before any `+`, a `%` after replies, an unknown command
// character) are a `strayLine` statement instead of a parse error. The AST phase then reports them with
// codes and messages that say what the author did wrong ("reply before any trigger"), which
// Chevrotain's generic "expected one of …" messages cannot. Recovery stays on as a safety net; any
// recognition error it still produced would be mapped to a diagnostic, never thrown.
//
// The rules return line groups directly (embedded actions) rather than a CST for a visitor to walk:
// a statement is only a command line and its continuations, so a CST added nothing but one tree node,
// one children object and one array per line, which at 100,000 lines made parsing four times slower.

/** A command line and the `^` lines that continue it. */
export interface Line {
  token: IToken;
  continues: IToken[];
}

export type LineGroup =
  | { kind: "trigger"; trigger: Line; previous: Line | null; responses: Line[] }
  | { kind: "definition"; line: Line }
  | { kind: "labelOpen"; line: Line }
  | { kind: "labelClose"; token: IToken }
  | { kind: "object"; token: IToken }
  | { kind: "directive"; token: IToken }
  | { kind: "stray"; line: Line };

class BotParser extends EmbeddedActionsParser {
  // Alternatives built once per parser, not once per statement: a fresh array of fresh closures on every
  // `OR` call dominated parsing (Chevrotain performance guide, "Caching Arrays of Alternatives"). Declared
  // before the rules so they exist, with a stable hidden class, before any rule runs.
  private statementAlternatives: IOrAlt<LineGroup | null>[] | undefined = undefined;
  private responseLineAlternatives: IOrAlt<IToken>[] | undefined = undefined;
  private strayLineAlternatives: IOrAlt<IToken>[] | undefined = undefined;
  /** Receives each statement as soon as it is parsed; set by `parseLines` for one file. */
  public onGroup: (group: LineGroup) => void = ignoreGroup;

  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  // Statements are handed on one by one rather than collected: the AST builder then reads each while it
  // is fresh, and a file's line groups never all exist at once.
  public script = this.RULE("script", (): void => {
    this.MANY(() => {
      const group = this.SUBRULE(this.statement);
      // A statement that recovery gave up on returns nothing; ACTION skips the grammar-recording pass.
      if (group) this.ACTION(() => this.onGroup(group));
    });
  });

  public statement = this.RULE("statement", (): LineGroup | null =>
    this.OR(
      (this.statementAlternatives ??= [
        { ALT: () => this.SUBRULE(this.triggerBlock) },
        { ALT: () => group("definition", this.SUBRULE(this.definitionBlock)) },
        { ALT: () => group("labelOpen", this.SUBRULE(this.labelOpen)) },
        { ALT: () => single("labelClose", this.CONSUME(t.LabelClose)) },
        { ALT: () => single("object", this.CONSUME(t.ObjectBlock)) },
        { ALT: () => single("directive", this.CONSUME(t.Directive)) },
        { ALT: () => group("stray", this.SUBRULE(this.strayLine)) },
      ]),
    ),
  );

  /** `+ trigger`, its optional `% previous`, then its replies, conditions, redirects and HTTP calls. */
  public triggerBlock = this.RULE("triggerBlock", (): LineGroup | null => {
    const head = this.CONSUME(t.Trigger);
    const continues: IToken[] = [];
    this.MANY(() => {
      continues.push(this.CONSUME(t.Continue));
    });
    const previous = this.OPTION(() => this.SUBRULE(this.previousLine)) ?? null;
    const responses: Line[] = [];
    this.MANY2(() => {
      const response = this.SUBRULE(this.responseLine);
      if (response) responses.push(response);
    });
    const trigger = line(head, continues);
    return trigger ? { kind: "trigger", trigger, previous, responses } : null;
  });

  public previousLine = this.RULE("previousLine", (): Line | null => {
    const head = this.CONSUME(t.Previous);
    return line(head, this.continuations());
  });

  public responseLine = this.RULE("responseLine", (): Line | null => {
    const head = this.OR(
      (this.responseLineAlternatives ??= [
        { ALT: () => this.CONSUME(t.Reply) },
        { ALT: () => this.CONSUME(t.Condition) },
        { ALT: () => this.CONSUME(t.Redirect) },
        { ALT: () => this.CONSUME(t.Http) },
      ]),
    );
    return line(head, this.continuations());
  });

  /** `! type name = value`; `^` lines continue it (each array line is split on its own). */
  public definitionBlock = this.RULE("definitionBlock", (): Line | null => {
    const head = this.CONSUME(t.Definition);
    return line(head, this.continuations());
  });

  public labelOpen = this.RULE("labelOpen", (): Line | null => {
    const head = this.CONSUME(t.LabelOpen);
    return line(head, this.continuations());
  });

  /** A line that belongs to a trigger but has none, or an unknown command. Reported by the AST phase. */
  public strayLine = this.RULE("strayLine", (): Line | null => {
    // A stray `^` is its own head: the first continuation is the stray line itself.
    const head = this.OR(
      (this.strayLineAlternatives ??= [
        { ALT: () => this.CONSUME(t.Reply) },
        { ALT: () => this.CONSUME(t.Condition) },
        { ALT: () => this.CONSUME(t.Redirect) },
        { ALT: () => this.CONSUME(t.Http) },
        { ALT: () => this.CONSUME(t.Previous) },
        { ALT: () => this.CONSUME(t.Continue) },
        { ALT: () => this.CONSUME(t.Junk) },
      ]),
    );
    const continues: IToken[] = [];
    this.MANY(() => {
      continues.push(this.CONSUME2(t.Continue));
    });
    return line(head, continues);
  });

  /** The `^` lines after a command line. Not a rule: it only repeats one terminal (performance guide, "inline"). */
  private continuations(): IToken[] {
    const continues: IToken[] = [];
    this.MANY(() => {
      continues.push(this.CONSUME(t.Continue));
    });
    return continues;
  }
}

// Tokens that recovery inserted have no real position; they carry no text the author wrote.
function real(token: IToken | undefined): token is IToken {
  return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType !== undefined && !token.isInsertedInRecovery;
}

function ignoreGroup(): void {}

function line(head: IToken | undefined, continues: IToken[]): Line | null {
  if (!real(head)) return null;
  return { token: head, continues: continues.some((c) => !real(c)) ? continues.filter(real) : continues };
}

function group(kind: "definition" | "labelOpen" | "stray", l: Line | null | undefined): LineGroup | null {
  return l ? { kind, line: l } : null;
}

function single(kind: "labelClose" | "object" | "directive", token: IToken): LineGroup | null {
  return real(token) ? { kind, token } : null;
}

let built: { lexer: Lexer; parser: BotParser } | undefined;

/**
 * The lexer and the parser, built on first use (the parser analyses its own grammar when constructed), so a
 * command that never parses a file, such as running compiled IR, does not pay for it. The parser is reused for
 * every file: assigning `input` resets it (Chevrotain's performance guide).
 */
export function lineGrammar(): { lexer: Lexer; parser: BotParser } {
  built ??= { lexer: new Lexer(t.allTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" }), parser: new BotParser() };
  return built;
}

export interface LineParseResult {
  /** Block and line comments, kept so the AST phase can report an unterminated `/*`. */
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lexes and parses one file's text, passing its statements' line groups to `onGroup` in order. Never throws on input. */
export function parseLines(text: string, onGroup: (group: LineGroup) => void): LineParseResult {
  const { lexer, parser } = lineGrammar();
  const lexed = lexer.tokenize(text);
  parser.input = lexed.tokens;
  parser.onGroup = onGroup;
  try {
    parser.script();
  } finally {
    parser.onGroup = ignoreGroup;
  }
  const parseErrors = [...parser.errors];
  // The parser would otherwise keep the last file's tokens alive until the next parse.
  parser.input = [];
  return { comments: lexed.groups["comments"] ?? [], lexErrors: lexed.errors, parseErrors };
}
