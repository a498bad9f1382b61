/** @module CST visitor: turns the parser's statements into plain line groups for the AST builder. */
import type { CstNode, IToken } from "chevrotain";
import { parser } from "../../grammar/parser.ts";
import type {
  DefinitionBlockCstChildren,
  ICstNodeVisitor,
  LabelOpenCstChildren,
  PreviousLineCstChildren,
  ResponseLineCstChildren,
  ScriptCstChildren,
  StatementCstChildren,
  StrayLineCstChildren,
  TriggerBlockCstChildren,
} from "../../grammar/cst.d.ts";

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
  | { kind: "stray"; line: Line }
  | { kind: "part"; line: Line };

const BaseVisitor = parser.getBaseCstVisitorConstructor<void, LineGroup[]>();

class LineVisitor extends BaseVisitor implements ICstNodeVisitor<void, LineGroup[]> {
  constructor() {
    super();
    this.validateVisitor();
  }

  script(ctx: ScriptCstChildren): LineGroup[] {
    return (ctx.statement ?? []).flatMap((s) => this.visit(s) as LineGroup[]);
  }

  statement(ctx: StatementCstChildren): LineGroup[] {
    const sub = ctx.triggerBlock ?? ctx.definitionBlock ?? ctx.labelOpen ?? ctx.strayLine;
    if (sub?.[0]) return this.visit(sub[0]) as LineGroup[];
    const token = (ctx.LabelClose ?? ctx.ObjectBlock ?? ctx.Directive)?.[0];
    if (!token) return [];
    if (ctx.LabelClose) return [{ kind: "labelClose", token }];
    if (ctx.ObjectBlock) return [{ kind: "object", token }];
    return [{ kind: "directive", token }];
  }

  triggerBlock(ctx: TriggerBlockCstChildren): LineGroup[] {
    const trigger = line(ctx.Trigger, ctx.Continue);
    if (!trigger) return [];
    const previous = ctx.previousLine?.[0] ? lineOf(this.visit(ctx.previousLine[0]) as LineGroup[]) : null;
    const responses = (ctx.responseLine ?? []).flatMap((r) => {
      const l = lineOf(this.visit(r) as LineGroup[]);
      return l ? [l] : [];
    });
    return [{ kind: "trigger", trigger, previous, responses }];
  }

  previousLine(ctx: PreviousLineCstChildren): LineGroup[] {
    return part(line(ctx.Previous, ctx.Continue));
  }

  responseLine(ctx: ResponseLineCstChildren): LineGroup[] {
    return part(line(ctx.Reply ?? ctx.Condition ?? ctx.Redirect ?? ctx.Http, ctx.Continue));
  }

  definitionBlock(ctx: DefinitionBlockCstChildren): LineGroup[] {
    const l = line(ctx.Definition, ctx.Continue);
    return l ? [{ kind: "definition", line: l }] : [];
  }

  labelOpen(ctx: LabelOpenCstChildren): LineGroup[] {
    const l = line(ctx.LabelOpen, ctx.Continue);
    return l ? [{ kind: "labelOpen", line: l }] : [];
  }

  strayLine(ctx: StrayLineCstChildren): LineGroup[] {
    const head = ctx.Reply ?? ctx.Condition ?? ctx.Redirect ?? ctx.Http ?? ctx.Previous ?? ctx.Junk;
    const continues = ctx.Continue ?? [];
    // A stray `^` has no head: the first continuation is the stray line itself.
    const l = head ? line(head, continues) : line(continues.slice(0, 1), continues.slice(1));
    return l ? [{ kind: "stray", line: l }] : [];
  }
}

// Tokens that recovery inserted have no real position; they carry no text the author wrote.
function real(token: IToken | undefined): token is IToken {
  return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType !== undefined && !token.isInsertedInRecovery;
}

function line(heads: IToken[] | undefined, continues: IToken[] | undefined): Line | null {
  const token = heads?.[0];
  if (!real(token)) return null;
  return { token, continues: (continues ?? []).filter(real) };
}

function part(l: Line | null): LineGroup[] {
  return l ? [{ kind: "part", line: l }] : [];
}

function lineOf(groups: LineGroup[]): Line | null {
  const g = groups[0];
  return g?.kind === "part" ? g.line : null;
}

const visitor = new LineVisitor();

export function lineGroups(cst: CstNode): LineGroup[] {
  return visitor.visit(cst) as LineGroup[];
}
