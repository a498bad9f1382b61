/** @module `bot emulator` as a separate process: prints its URL and credentials, serves the twilio client, stops on SIGTERM. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { RestException } from "twilio";
import { createTwilioClient } from "../../runtime/twilio/client.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = ["bin/run-ts.js", "test/emulator/fixtures/emulator-cli.ts", "emulator"];
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

async function startCli(args: string[]): Promise<{ out: () => string; env: Record<string, string> }> {
  child = spawn(process.execPath, [...ENTRY, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  while (!/control API: /.test(out)) {
    if (child.exitCode !== null) throw new Error(`bot emulator exited early: ${out}`);
    await once(child.stdout!, "data");
  }
  const env = Object.fromEntries([...out.matchAll(/^\s+(TWILIO_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  return { out: () => out, env: env as Record<string, string> };
}

describe("bot emulator", () => {
  it("prints a base URL and credentials the twilio client works with", async () => {
    const accountSid = "AC" + "1".repeat(32);
    const cli = await startCli([
      "--port",
      "0",
      "--account-sid",
      accountSid,
      "--auth-token",
      "secret",
      "--trial",
      "--verified",
      "+14155550100",
      "--latency",
      "0",
    ]);
    expect(cli.env["TWILIO_ACCOUNT_SID"]).toBe(accountSid);
    expect(cli.env["TWILIO_AUTH_TOKEN"]).toBe("secret");
    expect(cli.env["TWILIO_API_BASE_URL"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createTwilioClient({ accountSid, authToken: "secret", baseUrl: cli.env["TWILIO_API_BASE_URL"]! });
    const message = await client.messages.create({ to: "+14155550100", from: "+15005550006", body: "hi" });
    const refused = await client.messages.create({ to: "+14155550199", from: "+15005550006", body: "hi" }).catch((e: RestException) => e.code);
    expect(refused).toBe(21608);
    while (!cli.out().includes(`${message.sid} +15005550006 → +14155550100 delivered`)) await once(child!.stdout!, "data");
    child!.kill("SIGTERM");
    const [code] = await once(child!, "exit");
    expect(code).toBe(0);
  });

  it("exits 2 with a clear message on bad options", () => {
    const run = (args: string[]) => spawnSync(process.execPath, [...ENTRY, ...args], { cwd: ROOT, encoding: "utf8" });
    const badPort = run(["--port", "70000"]);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be an integer from 0 to 65535/);
    const badNumber = run(["--verified", "4155550100"]);
    expect(badNumber.status).toBe(2);
    expect(badNumber.stderr).toMatch(/not an E\.164 number/);
    const badSid = run(["--port", "0", "--account-sid", "AC123"]);
    expect(badSid.status).toBe(2);
    expect(badSid.stderr).toMatch(/accountSid must be AC followed by 32 hex digits/);
  });
});
