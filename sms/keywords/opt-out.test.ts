/** @module Keyword families as Twilio matches them: whole body, trimmed, any case. */
import { describe, expect, it } from "vitest";
import { classifyKeyword } from "./opt-out.ts";

describe("classifyKeyword", () => {
  const table: [string, string | null][] = [
    ["STOP", "STOP"],
    ["stop", "STOP"],
    ["  sToP \n", "STOP"],
    ["STOPALL", "STOP"],
    ["unsubscribe", "STOP"],
    ["CANCEL", "STOP"],
    ["end", "STOP"],
    ["Quit", "STOP"],
    ["OPTOUT", "STOP"],
    ["revoke", "STOP"],
    ["START", "START"],
    ["yes", "START"],
    ["Unstop", "START"],
    ["HELP", "HELP"],
    ["info", "HELP"],
    ["STOP PLEASE", null],
    ["please stop", null],
    ["opt out", null],
    ["", null],
    ["STOP.", null],
    ["S TOP", null],
  ];
  it.each(table)("%j → %s", (body, family) => {
    expect(classifyKeyword(body)).toBe(family);
  });
});
