/**
 * @module Secrets planted in every URL a log line can carry (a failing `$` call's user-info and
 * `?apikey=`/`?token=`, a refused call, a media URL's `?sig=`, a webhook URL's `?token=`, DATABASE_URL's
 * `?password=`) through a full scenario on the running server and through `bot run` itself; then every
 * log line and every byte of output is searched for them.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpCallIR, TemplatePart } from "../../compiler/ir/types.ts";
import { redactUrl, redactUrlsIn } from "../../runtime/log/redact-url.ts";
import { createMemoryLogger } from "../../runtime/log/logger.ts";
import { openStoreFromUrl } from "../../runtime/store/postgres/from-env.ts";
import { bot, tpl } from "../engine/helpers.ts";
import { BOT_SOURCE } from "../support/cli.ts";
import { ALICE, startHarness } from "./harness.ts";

const PLANTED = ["PLANTED-userinfo-pw", "PLANTED-apikey", "PLANTED-token", "PLANTED-sig", "PLANTED-hook-token", "PLANTED-db-password", "PLANTED-refused-key"];
const repo = path.resolve(new URL("../..", import.meta.url).pathname);

let api: http.Server;
let port = 0;
beforeAll(async () => {
  api = http.createServer((_req, res) => {
    res.statusCode = 500;
    res.end("upstream broke");
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  port = (api.address() as AddressInfo).port;
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

const get = (url: string): Omit<HttpCallIR, "span"> => ({ method: "GET", name: null, url: tpl(url), options: null });
const image = (url: string): TemplatePart => ({ type: "media", kind: "image", url: tpl(url) });

describe("secrets in logs", () => {
  it("redacts user-info and secret-looking query values, and only those", () => {
    expect(redactUrl("https://u:pw@api.test/x?apikey=1&city=rio&access_token=2&sig=3")).toBe(
      "https://u:***@api.test/x?apikey=***&city=rio&access_token=***&sig=***",
    );
    expect(redactUrl("postgres://bot@db.test:5432/app?password=hunter2&sslmode=require")).toBe("postgres://bot@db.test:5432/app?password=***&sslmode=require");
    expect(redactUrlsIn("GET https://api.test/?key=abc failed; see http://docs.test/page")).toBe(
      "GET https://api.test/?key=*** failed; see http://docs.test/page",
    );
  });

  it("keeps planted secrets out of every log line of a full scenario", async () => {
    const ir = bot({
      topics: {
        default: [
          {
            text: "fail",
            http: [get(`http://user:PLANTED-userinfo-pw@127.0.0.1:${port}/v1?apikey=PLANTED-apikey&token=PLANTED-token`)],
            replies: [tpl("sorry")],
          },
          { text: "refused", http: [get(`http://10.0.0.1/v1?api_key=PLANTED-refused-key`)], replies: [tpl("no")] },
          { text: "pic", replies: [tpl("here", image("https://cdn.example.test/cat.png?sig=PLANTED-sig"))] },
        ],
      },
    });
    const h = await startHarness({ ir, config: { http: { allow: ["127.0.0.1"], budgetMs: 10_000 } } });
    try {
      for (const body of ["fail", "refused", "pic"]) expect((await h.text(ALICE, body)).status).toBe(200);
      for (let i = 0; i < 3; i++) await h.tick();
      // An unsigned request whose URL carries a token is refused and logged.
      expect((await fetch(`${h.server.url}/sms?token=PLANTED-hook-token`, { method: "POST" })).status).toBe(403);
      expect((await fetch(`${h.server.url}/nope?secret=PLANTED-hook-token&x=1&x=2`)).status).toBe(400);
      const { logger, lines } = createMemoryLogger("debug");
      const url = `postgres://bot:PLANTED-userinfo-pw@127.0.0.1:1/bot?password=PLANTED-db-password&connect_timeout=1`;
      const error = await openStoreFromUrl(url).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error).not.toBeNull();
      logger.error({ event: "store.open", err: error, url }, `cannot open ${url}: ${error!.message}`);

      const all = [...h.logs(), ...lines()].map((line) => JSON.stringify(line));
      expect(all.some((line) => line.includes("HTTP GET") && line.includes("***"))).toBe(true);
      expect(all.some((line) => line.includes("RUN005"))).toBe(true);
      for (const secret of PLANTED)
        expect(
          all.filter((line) => line.includes(secret)),
          secret,
        ).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("keeps DATABASE_URL's query password out of bot run's own output", async () => {
    const child = spawn(process.execPath, [...BOT_SOURCE, "run", path.join(repo, "examples/faq")], {
      // A short start-up wait: the server is never there, and the retries' messages are checked all the same.
      env: {
        ...process.env,
        DATABASE_URL: "postgres://bot:PLANTED-userinfo-pw@127.0.0.1:1/bot?password=PLANTED-db-password&connect_timeout=1",
        BOT_PORT: "0",
        BOT_PG_START_TIMEOUT_MS: "1000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/127\.0\.0\.1:1/);
    for (const secret of PLANTED) expect(output).not.toContain(secret);
    // A CLI start plus a refused connection; generous for two shared, busy cores.
  }, 120_000);
});
