/** @module What the loop guard keeps: holds per user, and the outbound log it counts from. Each store implements it over its own tables. */

/** Which rule tripped (runtime/loop-guard/rules.ts judges). */
export type LoopRule = "identical" | "rate";

/** One outbound message as the guard counts it. */
export interface SentMessage {
  body: string;
  at: number;
}

export interface Hold {
  userId: string;
  rule: LoopRule;
  detail: string;
  trippedAt: number;
  until: number;
  /** When an operator cleared it (counting restarts then). */
  clearedAt: number | null;
}

export interface LoopGuardStore {
  /** Outbound messages to the user that Twilio accepted, created after `since`, at most `limit`, newest first. */
  recentOutbound(userId: string, since: number, limit: number): Promise<SentMessage[]>;
  /** The user's latest hold, active or not. */
  latest(userId: string): Promise<Hold | null>;
  /** Records a hold (replacing the user's previous one). */
  hold(hold: Omit<Hold, "clearedAt">): Promise<void>;
  /** Clears an active hold; false when there was none. */
  clear(userId: string, at: number): Promise<boolean>;
  /** Holds still in force at `now`, newest first. */
  active(now: number): Promise<Hold[]>;
}

export function isActive(hold: Hold | null, now: number): boolean {
  return hold !== null && hold.clearedAt === null && hold.until > now;
}
