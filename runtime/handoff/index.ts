/**
 * @module Human takeover's composition for one `bot run` process (docs/handoff.md): reads the `handoff:`
 * section of bot.config.yaml, and wires the conversation step's part, the operator service (API, dashboard),
 * the idle timer and the notify webhook. Refuses to start on a webhook URL the address guard refuses, naming
 * the config key's line.
 */
import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import { LineCounter, parseDocument } from "yaml";
import type { BotIR } from "../../compiler/ir/types.ts";
import { handoffConfig } from "../../config/handoff-schema.ts";
import type { HandoffConfig } from "../../config/handoff-schema.ts";
import type { Clock } from "../../engine/types.ts";
import { loadConfig } from "../bot-config.ts";
import type { Store } from "../store/index.ts";
import { createHandoffEvents } from "./events.ts";
import type { HandoffEvents } from "./events.ts";
import { createIdleTimer } from "./idle.ts";
import type { IdleTimer } from "./idle.ts";
import { listMediaFiles } from "./media-files.ts";
import { createNotifier, webhookUrlProblem } from "./notify.ts";
import type { Notifier } from "./notify.ts";
import { createHandoffService } from "./service.ts";
import type { HandoffService } from "./service.ts";
import type { HandoffStepOptions } from "./step.ts";

export { createHandoffService, MAX_BODY } from "./service.ts";
export type { HandoffService, HandoffView, Outcome } from "./service.ts";
export { createHandoffEvents } from "./events.ts";
export type { HandoffEvent, HandoffEvents } from "./events.ts";
export { signature, SIGNATURE_HEADER, EVENT_HEADER } from "./notify.ts";

export interface HandoffRuntime {
  config: HandoffConfig;
  events: HandoffEvents;
  /** Null on a store without handoffs (a test double). */
  service: HandoffService | null;
  idle: IdleTimer | null;
  notifier: Notifier | null;
  step: HandoffStepOptions;
  close(): Promise<void>;
}

export interface HandoffRuntimeOptions {
  ir: BotIR;
  /** The bot folder (bot.config.yaml, media). */
  root: string;
  store: Store;
  clock: Clock;
  logger: Logger;
  publicUrl: string | null;
  /** Wakes the dispatcher (it may be created after this). */
  kick: () => void;
  /** The user's lock, for take over and close (./service.ts). */
  withUserLock?: <T>(userId: string, fn: () => Promise<T>) => Promise<T>;
  /** Already-parsed `handoff:` settings; absent: read from the bot folder's bot.config.yaml. */
  config?: HandoffConfig;
  env?: NodeJS.ProcessEnv;
}

/** The 1-based line of a key in a YAML file, for start-up refusals; null when not found. */
function keyLine(file: string, path: string[]): number | null {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter: lines });
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lines.linePos(node.range[0]).line : null;
  } catch {
    return null;
  }
}

export async function createHandoffRuntime(options: HandoffRuntimeOptions): Promise<HandoffRuntime> {
  const { ir, store, clock, logger } = options;
  const loaded = options.config ? null : loadConfig(options.root);
  const config = options.config ?? handoffConfig(loaded?.config.handoff);
  const events = createHandoffEvents();
  const step: HandoffStepOptions = { config, events };
  const handoffs = store.handoffs;
  if (!handoffs) return { config, events, service: null, idle: null, notifier: null, step, close: async () => undefined };

  const topics = Object.keys(ir.topics);
  let returnTopic = config.returnTopic;
  if (!topics.includes(returnTopic)) {
    logger.warn(
      { event: "handoff.config", returnTopic },
      `handoff.returnTopic "${returnTopic}" is not a topic of this bot (bot lint reports it as BOT212): handoffs return to "default"`,
    );
    returnTopic = "default";
  }
  const effective: HandoffConfig = { ...config, returnTopic };

  let notifier: Notifier | null = null;
  if (config.webhook) {
    const where = loaded?.path ? `${loaded.path}:${keyLine(loaded.path, ["handoff", "webhook", "url"]) ?? 1}` : "bot.config.yaml";
    const problem = await webhookUrlProblem(config.webhook);
    if (problem !== null) throw new Error(`${where}: handoff.webhook.url is refused: ${problem}`);
    const secret = (options.env ?? process.env)[config.webhook.secretEnv]?.trim() ?? "";
    if (secret.length < 16)
      throw new Error(
        `${where}: handoff.webhook needs a signing secret of at least 16 characters in the environment variable ${config.webhook.secretEnv} (the receiver checks X-Bot-Signature with it)`,
      );
    notifier = createNotifier({ config: config.webhook, secret, handoffs, clock, logger, publicUrl: options.publicUrl });
    events.on((event) => notifier!.notify(event));
  }

  const service = createHandoffService({
    ir,
    store,
    handoffs,
    config: effective,
    events,
    clock,
    root: options.root,
    listMedia: () => listMediaFiles(options.root),
    kick: options.kick,
    ...(options.withUserLock && { withUserLock: options.withUserLock }),
  });
  const idle = createIdleTimer({ handoffs, config: effective, returnTopic, clock, logger, events, kick: options.kick });
  return {
    config: effective,
    events,
    service,
    idle,
    notifier,
    step: { config: effective, events },
    async close() {
      await idle.stop();
      await notifier?.close();
    },
  };
}
