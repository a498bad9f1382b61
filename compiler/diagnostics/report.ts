/** @module Typed per-code helpers that build compile diagnostics from the syntax and semantics catalogs. */
import { formatMessage, type Diagnostic, type DiagnosticFix, type Span } from "./types.ts";
import { syntaxEntries } from "./catalog/syntax.ts";
import { semanticEntries } from "./catalog/semantics.ts";

type Entry = (typeof syntaxEntries)[number] | (typeof semanticEntries)[number];

type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer Rest}` ? K | Placeholders<Rest> : never;
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type DataOf<E extends Entry> = { [K in Placeholders<E["message"]>]: string | number };
type Helper<E extends Entry> = [Placeholders<E["message"]>] extends [never]
  ? (span: Span, data?: Record<string, never>, fix?: DiagnosticFix) => void
  : (span: Span, data: DataOf<E>, fix?: DiagnosticFix) => void;

/** One method per catalog entry, named after it in camelCase: `report.triggerUppercase(span, { char })`. */
export type Reporter = { readonly [E in Entry as Camel<E["name"]>]: Helper<E> } & {
  /** Everything reported so far, in order. */
  readonly diagnostics: Diagnostic[];
};

export type BotCode = Entry["code"];

const entries: readonly Entry[] = [...syntaxEntries, ...semanticEntries];

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_whole, c: string) => c.toUpperCase());
}

/** A reporter that appends to `sink`. Phases get one passed in; nothing is global. */
export function createReporter(sink: Diagnostic[] = []): Reporter {
  const helpers: Record<string, unknown> = { diagnostics: sink };
  for (const entry of entries) {
    helpers[camel(entry.name)] = (span: Span, data?: Record<string, string | number>, fix?: DiagnosticFix) => {
      const diagnostic: Diagnostic = {
        code: entry.code,
        severity: entry.severity,
        message: formatMessage(entry.message, data),
        span,
      };
      if (data && Object.keys(data).length > 0) diagnostic.data = data;
      if (fix) diagnostic.fix = fix;
      sink.push(diagnostic);
    };
  }
  return helpers as Reporter;
}
