/** @module The sandbox phone simulator: a web page to text the bot as a phone, fed by the Twilio emulator. */
export { createSimulatorRouter } from "./router.ts";
export type { SimulatorOptions } from "./router.ts";
export type { SimMessage } from "./view.ts";
export type { PendingParts } from "./pending.ts";
