/** @module Public entry of the linter: lint passes, configuration, formatters and the message model. */
export { lint, lintErrorClass, effectiveSeverity, sortDiagnostics, type LintOptions } from "./engine.ts";
export { rules } from "./rules/index.ts";
export { parseConfig } from "./config.ts";
export type { ConfigResult } from "../../config/parse.ts";
export { defaultConfig, DEFAULT_LINT } from "../../config/defaults.ts";
export { configSchema } from "../../config/schema.ts";
export { estimateSegments, gsmLookAlike, type SegmentEstimate } from "./segments.ts";
export { renderMessages, splitMessages } from "./messages.ts";
export { wholeTextSpan } from "./locate.ts";
export type { AnyRule, BotConfig, LintSettings, MediaInfo, RenderedMessage, ReplyVariant, Rule, RuleContext, SenderConfig, SenderType } from "./types.ts";
export { formatters, buildReport, type LintReport, type Formatter } from "./formatters/index.ts";
