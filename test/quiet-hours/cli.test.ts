/** @module `bot broadcast` with quiet hours, as a real child process: the dry run's windows, unknown zones and finish; --yes required past maxDays. */
import { describe, expect, it } from "vitest";
import { seedUsers } from "../broadcast/fixtures/seed.ts";
import { botFolder, runCli } from "../broadcast/helpers.ts";

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TWILIO_") && !k.startsWith("BOT_") && k !== "DATABASE_URL"));

describe("bot broadcast with quiet hours", () => {
  it("a dry run lists the windows and the finish; past maxDays it warns, and sending needs --yes", async () => {
    // 06:00Z on 15 January 2030: 01:00 in New York, 22:00 the day before in Los Angeles; every US clock is in its quiet hours.
    const { root, db } = botFolder("sender:\n  type: short-code\nbroadcast:\n  marketing: true\n  quietHours:\n    maxDays: 0.1\n");
    await seedUsers(db, { count: 4, optedOut: 0 });
    const args = ["broadcast", root, "--body", "Sale today! Reply STOP to opt out", "--at", "2030-01-15T06:00:00Z", "--db", db];
    const dry = await runCli([...args, "--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/quiet hours {2}21:00–08:00 in each recipient's local time \(zone from the user variable "timezone"/);
    // +1 555 is no area code and the seeded users say only FromCountry US or CA: the strictest window of the country.
    expect(dry.stdout).toMatch(/4 recipient\(s\) of unknown time zone: the strictest window of their region is used/);
    expect(dry.stdout).toMatch(/finish {7}not within 0.1 day\(s\): 4 recipient\(s\) left after that/);
    expect(dry.stdout).toMatch(/WARNING {6}within its quiet-hours windows .* cannot reach 4 of 4 recipient\(s\) in 0.1 day\(s\)/);
    // With credentials (never used: the refusal comes first); without them the command refuses earlier, for that.
    const credentials = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "0".repeat(32), TWILIO_FROM: "+15005550006" };
    const refused = await runCli(args, { ...env, ...credentials });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/Nothing was sent: add --yes to send it anyway/);
  }, 60_000);

  it("with a window open at the start the finish is the plain pace", async () => {
    const { root, db } = botFolder('sender:\n  type: short-code\nbroadcast:\n  rate: 1\n  quietHours:\n    start: "23:59"\n    end: "00:00"\n');
    await seedUsers(db, { count: 3, optedOut: 0 });
    // 17:00Z: daytime in all of North America.
    const dry = await runCli(
      ["broadcast", root, "--body", "Hello! Reply STOP to opt out", "--at", "2030-01-15T17:00:00Z", "--db", db, "--dry-run", "--json"],
      env,
    );
    expect(dry.code, dry.stderr).toBe(0);
    const { report } = JSON.parse(dry.stdout) as {
      report: { finishAt: number; confirm: string | null; quietHours: { windows: { recipients: number; opensAt: number }[] } };
    };
    expect(report.finishAt).toBe(Date.UTC(2030, 0, 15, 17) + 2000);
    expect(report.confirm).toBeNull();
    expect(report.quietHours.windows.reduce((n, w) => n + w.recipients, 0)).toBe(3);
    expect(report.quietHours.windows.every((w) => w.opensAt === Date.UTC(2030, 0, 15, 17))).toBe(true);
  }, 60_000);
});
