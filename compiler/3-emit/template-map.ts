/** @module Rebuilds a template bottom-up through every nested template (values, options, bodies, arguments). */
import { withTemplateChildren } from "../ir/template-children.ts";
import type { Template, TemplatePart } from "../ir/types.ts";

/** Rewrites one part whose children are already rewritten; returns the part to keep (possibly the same one). */
export interface PartMapper<C> {
  (part: TemplatePart, context: C): TemplatePart;
}

/** The mapper and its context, made once per call of `mapTemplate` and shared by every nested template. */
interface MapJob<C> {
  fn: PartMapper<C>;
  context: C;
}

/**
 * Applies `fn` to every part, children first, and returns a new array. `context` is passed through so
 * callers need no closure per call: this runs for every template of every trigger.
 */
export function mapTemplate<C>(template: Template, fn: PartMapper<C>, context: C): Template {
  return mapWith(template, { fn, context });
}

function mapWith<C>(template: Template, job: MapJob<C>): Template {
  return template.map((p) => job.fn(withTemplateChildren(p, mapWith, job), job.context));
}
