/** @module The one path style: relative to the working folder, `/`-separated. */
import { describe, expect, it } from "vitest";
import { displayPath } from "./paths.ts";

describe("displayPath", () => {
  it.each([
    ["/w/shop/bot.bot", "/w", "/w", "shop/bot.bot"],
    ["bot.bot", "/w", "/w/shop", "shop/bot.bot"],
    ["bot.bot", "/w/shop/sub", "/w/shop", "../bot.bot"],
    ["/w/shop/bot.config.yaml", "/w/shop", "/w/shop", "bot.config.yaml"],
    ["cases/x.test.yaml#script", "/w", "/w/shop", "shop/cases/x.test.yaml#script"],
    ["/elsewhere/a.bot", "/w/shop", "/w/shop", "../../elsewhere/a.bot"],
  ])("%s from %s (base %s) → %s", (file, cwd, base, shown) => {
    expect(displayPath(file, cwd, base)).toBe(shown);
  });
});
