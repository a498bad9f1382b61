/** @module Phase 3: turn the analysis into the IR (compiler/ir/types.ts), plain JSON the engine loads. */
import { IR_VERSION, type BotIR, type ObjectMacroIR, type TopicIR } from "../ir/types.ts";
import type { Analysis } from "../2-analyze/types.ts";
import { emitTrigger } from "./trigger.ts";
import { COMPILER } from "../ir/compiler-stamp.ts";
import { recordSources, type RecordedInput } from "./sources.ts";

export interface EmitInputs {
  /** Everything the build read: the compiled sources, plus files such as bot.config.yaml that shaped it. */
  files: readonly RecordedInput[];
  /** The whole bot folder was compiled (not one file of it). */
  folder: boolean;
}

export function emit(analysis: Analysis, inputs: EmitInputs): BotIR {
  const topics: Record<string, TopicIR> = {};
  for (const [name, t] of Object.entries(analysis.topics)) {
    topics[name] = {
      name,
      includes: t.includes,
      inherits: t.inherits,
      isolated: t.isolated,
      triggers: t.triggers,
      previous: t.previous,
      span: t.span,
    };
  }
  const objects: Record<string, ObjectMacroIR> = {};
  for (const [name, o] of Object.entries(analysis.objects)) {
    objects[name] = { name, language: o.language, code: o.code, span: o.span };
  }
  return {
    irVersion: IR_VERSION,
    compiler: COMPILER,
    sources: recordSources(inputs.files, inputs.folder),
    files: analysis.files,
    options: { depth: analysis.depth },
    vars: analysis.vars,
    globals: analysis.globals,
    arrays: analysis.arrays,
    subs: analysis.subs,
    person: analysis.person,
    triggers: analysis.triggers.map((t) => emitTrigger(t, analysis.arrayTexts)),
    topics,
    objects,
  };
}
