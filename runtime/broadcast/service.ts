/** @module The broadcast service: plans and starts broadcasts for one bot over its stores; the CLI, the HTTP API and the dashboard share it. */
import type { BotIR } from "../../compiler/ir/types.ts";
import type { BotConfig } from "../../compiler/lint/index.ts";
import type { Clock, EngineEnv } from "../../engine/index.ts";
import type { Store } from "../store/index.ts";
import { planBroadcast } from "./plan.ts";
import type { PlanResult } from "./plan.ts";
import type { SenderInfo } from "./sender.ts";
import type { BroadcastSettings } from "./settings.ts";
import type { BroadcastStore, NewBroadcast } from "../store/broadcasts/types.ts";

export interface BroadcastRequest {
  body: string;
  bodyFile?: string;
  where?: string[];
  rate?: number | null;
  /** Epoch ms; now when absent. */
  startAt?: number;
  /** Users a person has now (an open handoff, docs/handoff.md) are left out unless this is true. */
  includeHandedOff?: boolean;
}

export interface BroadcastService {
  ir: BotIR;
  store: Store;
  broadcasts: BroadcastStore;
  sender: SenderInfo;
  clock: Clock;
  plan(request: BroadcastRequest, origin: NewBroadcast["origin"]): Promise<PlanResult>;
}

export interface BroadcastServiceOptions {
  ir: BotIR;
  botConfig: BotConfig;
  settings: BroadcastSettings;
  sender: SenderInfo;
  store: Store;
  broadcasts: BroadcastStore;
  clock: Clock;
  env: EngineEnv;
  /** The swappable bot `bot run` follows (docs/versions.md): plans use the version live now; absent: `ir` and `env`. */
  bot?: { current(): { ir: BotIR; env: EngineEnv } };
}

export function createBroadcastService(options: BroadcastServiceOptions): BroadcastService {
  const { ir, store, broadcasts, clock } = options;
  return {
    get ir() {
      return options.bot?.current().ir ?? ir;
    },
    store,
    broadcasts,
    sender: options.sender,
    clock,
    async plan(request, origin) {
      const now = clock.now();
      const live = options.bot?.current();
      return planBroadcast({
        ir: live?.ir ?? ir,
        body: request.body,
        bodyFile: request.bodyFile ?? "<body>",
        where: request.where ?? [],
        rate: request.rate ?? null,
        startAt: Math.max(now, request.startAt ?? now),
        botConfig: options.botConfig,
        settings: options.settings,
        sender: options.sender,
        users: await withoutHandedOff(store, await broadcasts.allUsers(), request.includeHandedOff ?? false),
        knownVariables: await broadcasts.knownVariables(),
        bot: await store.getBotState(),
        env: live?.env ?? options.env,
        origin,
      });
    },
  };
}

/** Leaves out users with an open handoff: the bot stands aside while a person has the conversation (docs/handoff.md). */
async function withoutHandedOff<U extends { id: string }>(store: Store, users: U[], include: boolean): Promise<U[]> {
  if (include || !store.handoffs) return users;
  const open = new Set((await store.handoffs.list()).map((h) => h.userId));
  return open.size === 0 ? users : users.filter((u) => !open.has(u.id));
}
