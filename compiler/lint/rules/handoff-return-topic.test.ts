/** @module Tests for handoff-return-topic (BOT212): the config's return topic against the bot's topics, reported on the config key's line. */
import { describe, expect, it } from "vitest";
import { compile } from "../../index.ts";
import { defaultConfig, lint } from "../index.ts";
import rule from "./handoff-return-topic.ts";

const BOT = "+ hi\n- hello\n\n> topic booking\n+ *\n- when?\n< topic\n";

function run(configText: string | null, returnTopic: string | undefined) {
  const { ir } = compile([{ path: "shop.bot", text: BOT }]);
  const config = { ...defaultConfig(), ...(returnTopic !== undefined && { handoff: { returnTopic } }) };
  const sources = [{ path: "shop.bot", text: BOT }, ...(configText === null ? [] : [{ path: "/bots/shop/bot.config.yaml", text: configText }])];
  return lint(ir, { config, sources, only: [rule] });
}

const table: { name: string; config: string | null; topic: string | undefined; found: { line: number; column: number } | null }[] = [
  { name: "no handoff section", config: null, topic: undefined, found: null },
  { name: "an existing topic", config: "handoff:\n  returnTopic: booking\n", topic: "booking", found: null },
  { name: "default", config: "handoff:\n  returnTopic: default\n", topic: "default", found: null },
  { name: "random, the RiveScript name of default", config: "handoff:\n  returnTopic: random\n", topic: "random", found: null },
  {
    name: "a missing topic, on the key's line",
    config: "sender:\n  type: long-code\nhandoff:\n  idleMinutes: 5\n  returnTopic: bookings\n",
    topic: "bookings",
    found: { line: 5, column: 16 },
  },
  { name: "a missing topic without the file's text", config: null, topic: "sales", found: { line: 1, column: 1 } },
];

describe("handoff-return-topic (BOT212)", () => {
  for (const row of table) {
    it(row.name, () => {
      const found = run(row.config, row.topic);
      if (row.found === null) {
        expect(found).toEqual([]);
        return;
      }
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ code: "BOT212", severity: "error", span: { start: row.found } });
      expect(found[0]!.message).toContain(`"${row.topic}"`);
      expect(found[0]!.message).toContain("booking");
      expect(found[0]!.span.file.endsWith("bot.config.yaml")).toBe(true);
    });
  }
});
