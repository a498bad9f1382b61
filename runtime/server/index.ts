/** @module The SMS server: the Express app, the conversation step it runs, and `startServer` that adds the dispatcher and a listener. */
export { createApp } from "./app.ts";
export { engineEnv } from "../adapters/engine-env.ts";
export type { AppOptions } from "./app.ts";
export { startServer } from "./start-server.ts";
export type { RunningServer, StartServerOptions } from "./start-server.ts";
export { createConversation } from "../inbound/conversation.ts";
export type { Conversation, ConversationOptions, InboundMessage, InboundOutcome } from "../inbound/conversation.ts";
export { EMPTY_TWIML, parseInbound } from "../inbound/inbound-route.ts";
