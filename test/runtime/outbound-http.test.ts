/**
 * @module `$` calls through the running server: the address guard (a capture in the URL's host cannot
 * reach loopback in any spelling unless runtime.http.allow opens it) and the reply's shared time budget
 * (four 30 s calls still answer the webhook within 12 s, the late calls rendering as timed out).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HttpCallIR, TemplatePart } from "../../compiler/ir/types.ts";
import { bot, tpl } from "../engine/helpers.ts";
import { ALICE, events, startHarness } from "./harness.ts";
import type { Harness } from "./harness.ts";

let h: Harness | undefined;
let api: http.Server;
let port = 0;
const hits: string[] = [];
const hanging = new Set<http.ServerResponse>();

beforeAll(async () => {
  api = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/slow")) {
      // Answers after 30 s, far past Twilio's 15 s webhook timeout.
      hanging.add(res);
      const timer = setTimeout(() => res.end("late"), 30_000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ secret: "internal-only" }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  port = (api.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  hits.length = 0;
});

const star: TemplatePart = { type: "star", index: 1, source: "user" };
const value = (call: string | null, ...path: string[]): TemplatePart => ({ type: "httpValue", call, path });
const get = (name: string | null, url: TemplatePart[]): Omit<HttpCallIR, "span"> => ({ method: "GET", name, url, options: null });

/**
 * `host *` fetches `http://<star>:<port>/secret`: the author meant a public host, the sender picks one.
 * A capture is URL-encoded, so the bracketed IPv6 spelling is tried through `mapped`, an author's URL.
 */
function hostBot() {
  const reply = [tpl("status ", value(null, "__status"), " ", value(null, "secret"))];
  return bot({
    topics: {
      default: [
        { text: "host *", http: [get(null, tpl("http://", star, `:${port}/secret`))], replies: reply },
        { text: "mapped", http: [get(null, tpl(`http://[::ffff:127.0.0.1]:${port}/secret`))], replies: reply },
      ],
    },
  });
}
const SPELLINGS = ["host 2130706433", "host 0x7f000001", "mapped"];

describe("the address guard on $ calls", () => {
  it("refuses 2130706433, 0x7f000001 and [::ffff:127.0.0.1] by default: the call fails, the reply degrades, a log line says why", async () => {
    h = await startHarness({ ir: hostBot() });
    for (const text of SPELLINGS) expect((await h.text(ALICE, text)).status).toBe(200);
    for (let i = 0; i < 3; i++) await h.tick();
    expect(h.received(ALICE)).toEqual(["status 0", "status 0", "status 0"]);
    expect(hits).toEqual([]);
    const refusals = h.logs().filter((l) => /^HTTP GET .* failed: refused: .*loopback address/.test(String(l["msg"])));
    expect(refusals).toHaveLength(3);
    expect(events(h, "engine").filter((l) => l["code"] === "RUN005")).toHaveLength(3);
  });

  it("allows them when runtime.http.allow opens the range", async () => {
    h = await startHarness({ ir: hostBot(), config: { http: { allow: ["127.0.0.0/8"], budgetMs: 10_000 } } });
    for (const text of SPELLINGS) await h.text(ALICE, text);
    for (let i = 0; i < 3; i++) await h.tick();
    expect(h.received(ALICE)).toEqual(["status 200 internal-only", "status 200 internal-only", "status 200 internal-only"]);
    expect(hits).toHaveLength(3);
  });
});

describe("the reply's shared $ budget", () => {
  it("answers a reply with four 30 s calls within 12 s, the calls past the budget rendering as timed out", async () => {
    const slow = (name: string) => get(name, tpl(`http://127.0.0.1:${port}/slow-${name}`));
    const ir = bot({
      topics: {
        default: [
          {
            text: "slow",
            http: [slow("a"), slow("b"), slow("c"), slow("d")],
            replies: [tpl(value("a", "__status"), value("b", "__status"), value("c", "__status"), value("d", "__status"))],
          },
        ],
      },
    });
    h = await startHarness({ ir, config: { http: { allow: ["127.0.0.1"], budgetMs: 10_000 } } });
    const started = Date.now();
    const answer = await h.text(ALICE, "slow");
    const took = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(took).toBeLessThan(12_000);
    await h.tick();
    expect(h.received(ALICE)).toEqual(["0000"]);
    const failures = h.logs().filter((l) => String(l["msg"]).startsWith("HTTP GET"));
    expect(failures.some((l) => /budget/.test(String(l["msg"])))).toBe(true);
  }, 30_000);
});
