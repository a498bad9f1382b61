/** @module What the sender meter keeps per sender (runtime/sending/ reads and steps it): its state, and the row store each database implements. */

export interface MeterState {
  /** Epoch ms when the sender's queue at Twilio is empty again (by the meter's reckoning). */
  drainAt: number;
  /** Back-pressure: the rate is multiplied by this (1, ½, ¼, ⅛) until `slowUntil`. */
  slowFactor: number;
  slowUntil: number;
  /** The daily cap's day (`capDay`) and the messages counted in it. */
  day: string;
  dayCount: number;
}

/**
 * Where meter rows live. `update` runs `step` on the sender's row in one short transaction that holds the
 * row against every other process (PostgreSQL: `SELECT … FOR UPDATE`; SQLite: the write lock) and stores
 * the state it returns.
 */
export interface MeterStore {
  update<T>(key: string, step: (state: MeterState | null) => { state: MeterState; result: T }): Promise<T>;
  read(key: string): Promise<MeterState | null>;
}
