/** @module The outbox: the dispatcher that turns due rows into Twilio messages, and the per-user lock. */
export { createDispatcher } from "./dispatcher.ts";
export type { Dispatcher, DispatcherOptions, TickReport } from "./dispatcher.ts";
export { DEFAULT_SETTINGS, mediaUrl } from "./context.ts";
export type { DispatcherSettings, Sender } from "./context.ts";
export { classifySendError, backoffMs } from "./classify.ts";
export type { SendFailure } from "./classify.ts";
export { createUserLock } from "../store/user-lock.ts";
export type { UserLock } from "../store/user-lock.ts";
