/**
 * @module What a runner does with an inbound message before the bot sees it: Twilio's opt-out (STOP …), opt-in
 * (START …) and help (HELP, INFO) keywords, and silence towards an opted-out user. `bot run`, `bot chat`,
 * `bot test` and the simulator all ask this one function, so they all behave as production does.
 */
import { classifyKeyword, type KeywordFamily } from "./opt-out.ts";

/** Who answers HELP and INFO: Twilio's auto-reply (the bot does not run) or the bot's own triggers. */
export type HelpMode = "twilio" | "bot";

export const HELP_MODES: readonly HelpMode[] = ["twilio", "bot"];

/**
 * The runner's course for one inbound message. Every kind but `bot` means the bot does not run and sends nothing;
 * the names are the `outcome` the server logs for them.
 */
export type KeywordAction =
  /** An opt-out keyword: record the opt-out and cancel everything pending for the user. Twilio confirms it. */
  | { type: "opted-out"; keyword: string }
  /** An opt-in keyword from an opted-out user: record the opt-in. Twilio confirms it. */
  | { type: "opted-in"; keyword: string }
  /** HELP or INFO with `help: twilio`: Twilio answers with the number's help text. */
  | { type: "help"; keyword: string }
  /** Anything else from an opted-out user: recorded, never answered until they opt in again. */
  | { type: "ignored-opted-out" }
  /** An ordinary message (START/YES from a user who is not opted out is one too): run the bot. */
  | { type: "bot" };

export interface KeywordInput {
  body: string;
  /** Twilio's `OptOutType` webhook field (Advanced Opt-Out): when present it wins over our own match of the body. */
  optOutType?: string | undefined;
}

export interface UserKeywordState {
  optedOut: boolean;
  help: HelpMode;
}

export function keywordAction(message: KeywordInput, user: UserKeywordState): KeywordAction {
  const family = familyOf(message);
  const keyword = message.body.trim().toUpperCase();
  if (family === "STOP") return { type: "opted-out", keyword };
  if (family === "START" && user.optedOut) return { type: "opted-in", keyword };
  if (family === "HELP" && user.help === "twilio") return { type: "help", keyword };
  if (user.optedOut) return { type: "ignored-opted-out" };
  return { type: "bot" };
}

/** The user's opt-out state after the action. */
export function optedOutAfter(action: KeywordAction, before: boolean): boolean {
  switch (action.type) {
    case "opted-out":
      return true;
    case "opted-in":
      return false;
    case "help":
    case "ignored-opted-out":
    case "bot":
      return before;
    default: {
      const _exhaustive: never = action;
      throw new Error(`unknown keyword action ${JSON.stringify(_exhaustive)}`);
    }
  }
}

/** One sentence for people (chat, transcript failures): what happened and why the bot stayed quiet. */
export function describeKeywordAction(action: KeywordAction): string | null {
  switch (action.type) {
    case "opted-out":
      return `${action.keyword} opts the user out: Twilio confirms it, and nothing is sent to them (no reply, delayed part, reminder or broadcast) until they text START`;
    case "opted-in":
      return `${action.keyword} opts the user back in: Twilio confirms it; the bot does not answer this message, it answers the next ones`;
    case "help":
      return `${action.keyword} is answered by Twilio with the number's help text, so the bot does not run (runtime.help: twilio, the default; set runtime.help: bot in bot.config.yaml to let the bot answer)`;
    case "ignored-opted-out":
      return "the user is opted out: the message is recorded and the bot does not answer until they text START";
    case "bot":
      return null;
    default: {
      const _exhaustive: never = action;
      throw new Error(`unknown keyword action ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function familyOf(message: KeywordInput): KeywordFamily | null {
  const type = message.optOutType?.trim().toUpperCase();
  if (type === "STOP" || type === "START" || type === "HELP") return type;
  return classifyKeyword(message.body);
}
