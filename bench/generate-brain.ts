/** @module Deterministic brain and input generator shared by the engine benchmark and its memory probe. */
import { seededRandom } from "../test/support/random.ts";

export interface GeneratedBrain {
  source: string;
  inputs: string[];
}

const COMMON = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);

/**
 * About 70% literal phrases of 2–6 words, 20% with `*` wildcards, 10% with alternations or optionals,
 * plus a `+ *` catch-all. Every trigger starts with its own key word, so an input made from a trigger is
 * matched by that trigger under either engine's sort order and replies can be compared one to one.
 * Half the inputs come from triggers (wildcards filled), half are common words that only the catch-all takes.
 */
export function generateBrain(triggers: number, inputs: number, seed = 42): GeneratedBrain {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const common = (n: number) => Array.from({ length: n }, () => pick(COMMON));
  const lines: string[] = [];
  const makers: Array<() => string> = [];

  for (let i = 0; i < triggers; i++) {
    const key = `k${i.toString(36)}`;
    const roll = random();
    if (roll < 0.7) {
      const words = [key, ...common(1 + Math.floor(random() * 5))];
      lines.push(`+ ${words.join(" ")}`, `- reply ${i}.`);
      makers.push(() => words.join(" "));
    } else if (roll < 0.9) {
      const before = common(Math.floor(random() * 2));
      const after = common(Math.floor(random() * 2));
      lines.push(`+ ${[key, ...before, "*", ...after].join(" ")}`, `- reply ${i} got <star>.`);
      makers.push(() => [key, ...before, "filler", "x", ...after].join(" "));
    } else if (roll < 0.95) {
      const [a, b, c] = common(3);
      lines.push(`+ ${key} (${a}|${b}) ${c}`, `- reply ${i} chose <star>.`);
      makers.push(() => [key, random() < 0.5 ? a : b, c].join(" "));
    } else {
      const [a, b] = common(2);
      lines.push(`+ ${key} [${a}] ${b}`, `- reply ${i}.`);
      makers.push(() => (random() < 0.5 ? [key, a, b] : [key, b]).join(" "));
    }
  }
  lines.push("+ *", "- catch-all.");

  const generated: string[] = [];
  for (let i = 0; i < inputs; i++) {
    generated.push(i % 2 === 0 ? pick(makers)() : common(4).join(" "));
  }
  return { source: lines.join("\n") + "\n", inputs: generated };
}
