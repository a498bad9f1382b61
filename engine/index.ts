/** @module The pure reply engine: load a bot once, then answer messages, fire reminders and render broadcasts. */
export { loadBrain, type Brain } from "./brain.ts";
export { newSession, newBotState } from "./session.ts";
export { respond, fireReminder, renderTemplate, type StepState } from "./step.ts";
export type * from "./types.ts";
