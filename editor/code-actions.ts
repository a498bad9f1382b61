/** @module Quick fixes for diagnostics with one obvious fix: a GSM-7 look-alike, the closest topic or array name, a "did you mean" name, a missing catch-all. */
import { gsmLookAlike } from "../compiler/lint/segments.ts";
import type { BotModel } from "./bot-model.ts";

export interface FixInput {
  code: string;
  message: string;
  /** Offsets of the diagnostic's range in `text`. */
  start: number;
  end: number;
  data?: Record<string, unknown> | undefined;
}

export interface Fix {
  title: string;
  /** Replace `[start, end)` of the file's text with `text`. */
  edits: { start: number; end: number; text: string }[];
  preferred: boolean;
}

/** The fixes for one diagnostic of `text`; empty when there is no obvious one. */
export function fixesFor(d: FixInput, text: string, model: BotModel | null): Fix[] {
  const region = text.slice(d.start, d.end);
  if (d.code === "SMS002") {
    const char = typeof d.data?.["char"] === "string" ? d.data["char"] : "";
    const replacement = char ? gsmLookAlike(char) : undefined;
    if (!char || replacement === undefined) return [];
    const edits: Fix["edits"] = [];
    for (let at = region.indexOf(char); at >= 0; at = region.indexOf(char, at + char.length))
      edits.push({ start: d.start + at, end: d.start + at + char.length, text: replacement });
    return edits.length ? [{ title: `Replace ${char} with ${JSON.stringify(replacement)} (GSM-7)`, edits, preferred: true }] : [];
  }
  if (d.code === "BOT201" && model) {
    const wrong = typeof d.data?.["topic"] === "string" ? d.data["topic"] : "";
    const best = closest(
      wrong,
      Object.keys(model.compiled.ir.topics).filter((t) => t !== "__begin__"),
    );
    const at = region.indexOf(`=${wrong}`);
    if (!best || at < 0) return [];
    return [{ title: `Change to topic ${best}`, edits: [{ start: d.start + at + 1, end: d.start + at + 1 + wrong.length, text: best }], preferred: true }];
  }
  if (d.code === "BOT209" && model) {
    const wrong = typeof d.data?.["name"] === "string" ? d.data["name"] : "";
    const best = closest(wrong, Object.keys(model.compiled.ir.arrays));
    const at = region.indexOf(`@${wrong}`);
    if (!best || at < 0) return [];
    return [{ title: `Change to array ${best}`, edits: [{ start: d.start + at + 1, end: d.start + at + 1 + wrong.length, text: best }], preferred: true }];
  }
  if (d.code === "BOT208") {
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const lead = text.length === 0 || text.endsWith("\n") ? eol : `${eol}${eol}`;
    return [
      {
        title: "Add a catch-all (+ *) to the default topic",
        edits: [{ start: text.length, end: text.length, text: `${lead}+ *${eol}- Sorry, I didn't get that.${eol}` }],
        preferred: true,
      },
    ];
  }
  // Any diagnostic that names its suggestion: "did you mean `x`?" (unknown tags, shortcodes, topics …).
  const suggestion = /did you mean [`"“]?([^`"”?\s]+)[`"”]?/i.exec(`${d.message} ${String(d.data?.["hint"] ?? "")}`)?.[1];
  if (suggestion) {
    let bestWord: { at: number; word: string } | null = null;
    for (const m of region.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      const distance = editDistance(m[0], suggestion);
      if (distance > 0 && distance <= 2 && (!bestWord || distance < editDistance(bestWord.word, suggestion))) bestWord = { at: m.index ?? 0, word: m[0] };
    }
    if (bestWord)
      return [
        {
          title: `Change ${bestWord.word} to ${suggestion}`,
          edits: [{ start: d.start + bestWord.at, end: d.start + bestWord.at + bestWord.word.length, text: suggestion }],
          preferred: true,
        },
      ];
  }
  return [];
}

/** The candidate within edit distance 2 of `word` (the nearest), if any. */
export function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d > 0 && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
