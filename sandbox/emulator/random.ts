/** @module A seeded random source (mulberry32) for SIDs, jitter, reordering and random failures. */
import { randomInt } from "node:crypto";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** `prefix` + 32 lowercase hex digits, the shape of every Twilio SID. */
  sid(prefix: string): string;
}

export function createRandom(seed: number = randomInt(0, 2 ** 32)): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const sid = (prefix: string): string => {
    let hex = "";
    for (let i = 0; i < 4; i++)
      hex += Math.floor(next() * 2 ** 32)
        .toString(16)
        .padStart(8, "0");
    return prefix + hex;
  };
  return { next, sid };
}

/** A shuffled copy that differs from the input whenever it has two or more elements. */
export function shuffleDifferent<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  if (out.length > 1 && out.every((item, i) => item === items[i])) out.reverse();
  return out;
}
