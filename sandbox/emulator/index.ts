/** @module The local Twilio emulator: a real HTTP server speaking Twilio's Messages API, with inspection and fault injection. */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import express from "express";
import { mergeBehavior } from "./behavior-schema.ts";
import { controlRoutes } from "./control-routes.ts";
import { assignSender } from "./create-message.ts";
import { createDeliveryTracker } from "./delivery.ts";
import { addFault } from "./faults.ts";
import { receiveInbound } from "./inbound.ts";
import { optOutScope } from "./phone.ts";
import { createRandom } from "./random.ts";
import { malformedRequest, restRoutes } from "./rest-routes.ts";
import { createState, isOptedOut, setOptedOut } from "./state.ts";
import type { EmulatedMessage, Emulator, EmulatorOptions } from "./types.ts";

export type * from "./types.ts";
export { parseMessagingTwiml } from "./twiml-reply.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host)) throw new Error(`the emulator binds to loopback only; got host "${host}"`);
  const random = createRandom(options.seed);
  // Credentials come from the seeded source when not given, so a seeded run is reproducible.
  const accountSid = options.accountSid ?? random.sid("AC");
  const authToken = options.authToken ?? random.sid("").slice(0, 32);
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new Error(`accountSid must be AC followed by 32 hex digits, got "${accountSid}"`);
  const state = createState(options, random, { accountSid, authToken });
  state.behavior = mergeBehavior(state.behavior, {});
  const delivery = createDeliveryTracker(state, (message) => assignSender(state, message));

  const app = express();
  app.disable("x-powered-by");
  app.use(express.urlencoded({ extended: false, limit: "1mb" }));
  app.use(restRoutes(state, delivery));
  const port = options.port ?? 0;
  const server = app.listen(port, host);
  try {
    await once(server, "listening");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the emulator cannot listen on ${host}:${port} (${reason}); choose another port or use 0 for any free port`, { cause: error });
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;

  const scopeOf = (sender: string) => optOutScope(sender, state.behavior);
  const emulator: Emulator = {
    url,
    accountSid,
    authToken,
    events: state.events,
    // Snapshots, so a caller cannot edit the emulator's record by accident.
    messages: () => structuredClone([...state.messages.values()]),
    messagesTo: (phone) => structuredClone([...state.messages.values()].filter((m) => m.to === phone)),
    message: (sid) => structuredClone(state.messages.get(sid)),
    onMessage(listener) {
      const wrapped = (event: { type: string; message?: EmulatedMessage }) => {
        if (event.type === "message" && event.message) listener(event.message);
      };
      state.events.on("event", wrapped);
      return () => {
        state.events.off("event", wrapped);
      };
    },
    sendInbound: (inbound) => receiveInbound(state, delivery, inbound),
    injectFault: (fault) => addFault(state, fault),
    clearFaults: () => {
      state.faults = [];
    },
    configure: (patch) => {
      state.behavior = mergeBehavior(state.behavior, patch);
    },
    behavior: () => structuredClone(state.behavior),
    isOptedOut: (phone, sender) => isOptedOut(state, scopeOf(sender), phone),
    setOptOut: (phone, sender, optedOut) => setOptedOut(state, scopeOf(sender), phone, optedOut),
    settle: () => delivery.settle(),
    reset() {
      delivery.abort();
      state.messages.clear();
      state.optOuts.clear();
      state.faults = [];
      state.rateWindow = { start: 0, count: 0 };
      state.stickySenders.clear();
      state.senderDrainAt.clear();
      state.accountCreates = [];
    },
    async close() {
      delivery.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung requests and event streams would otherwise keep close() waiting forever.
      server.closeAllConnections();
      await closed;
      await delivery.settle();
    },
  };
  app.use("/_emulator", controlRoutes(emulator, options.log));
  app.use(malformedRequest(state));
  return emulator;
}
