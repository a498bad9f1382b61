/**
 * @module The library API (`import … from "dexter-bot"`): compile and lint `.bot` sources, validate IR, and answer
 * messages with the pure engine or the in-memory local runtime. The server, stores and emulator are in
 * `dexter-bot/runtime` (lib/runtime.ts), so a linter or test harness loads no Express, Twilio or database code.
 * docs/api-library.md describes each export.
 */

// 1. Compile: sources → IR with diagnostics.
export { compile, compileReply, type CompileResult } from "../compiler/index.ts";
export { formatDiagnostic } from "../compiler/diagnostics/format.ts";
export type { Diagnostic, Position, Severity, Span } from "../compiler/diagnostics/types.ts";
export { IR_VERSION } from "../compiler/ir/types.ts";
export type * from "../compiler/ir/types.ts";
export { validateIR, isBotIR, type IRValidation } from "../compiler/ir/validate.ts";

// 2. Lint: the SMS rules, their configuration (bot.config.yaml) and report formats.
export {
  lint,
  lintErrorClass,
  rules,
  parseConfig,
  defaultConfig,
  formatters,
  buildReport,
  estimateSegments,
  type LintOptions,
  type LintReport,
  type Formatter,
  type SegmentEstimate,
} from "../compiler/lint/index.ts";
export type { BotConfig, LintSettings, MediaInfo, Rule, SenderType } from "../compiler/lint/index.ts";

// 3. Files: reading a bot (a .bot file, a folder of them, or compiled IR) and its bot.config.yaml from disk.
export { loadBot, loadRunnableBot, readBotSources, BotLoadError, type BotSource, type LoadedBot } from "../bin/load-bot.ts";
export { loadConfig as loadBotConfig, loadConfigFile as loadBotConfigFile, CONFIG_FILE_NAME } from "../runtime/bot-config.ts";

// 4. Answer: the pure engine, and the local runtime (virtual clock, delays, reminders) that bot chat and bot test use.
export { loadBrain, newSession, newBotState, respond, fireReminder, renderTemplate, type Brain, type StepState } from "../engine/index.ts";
export type {
  BotState,
  Clock,
  Effect,
  EngineEnv,
  Fetcher,
  HttpRequest,
  HttpResponse,
  Inbound,
  MacroHost,
  OutboundMessage,
  Random,
  Session,
  StepResult,
} from "../engine/types.ts";
export { createLocalRuntime, type LocalRuntime, type LocalRuntimeOptions, type Delivered, type LogEntry, type Turn } from "../sandbox/local/index.ts";
export { keywordAction, describeKeywordAction, type KeywordAction, type HelpMode } from "../sms/keywords/index.ts";
export { seededRandom } from "../sandbox/local/random.ts";
