/** @module `bot emulator`: runs the local Twilio emulator until interrupted and prints how to reach it. */
import { type Command, InvalidArgumentError, Option } from "commander";
import { startEmulator, type EmulatedMessage, type EmulatorEvent } from "../../sandbox/emulator/index.ts";

interface EmulatorFlags {
  port: number;
  accountSid?: string;
  authToken?: string;
  webhook?: string;
  trial?: boolean;
  verified: string[];
  seed?: number;
  latency: number;
  quiet?: boolean;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** Accepts `--verified +1… +1…` and `--verified +1…,+1…`. */
function phoneList(value: string, previous: string[] = []): string[] {
  const numbers = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = numbers.find((n) => !/^\+[1-9]\d{1,14}$/.test(n));
  if (bad !== undefined) throw new InvalidArgumentError(`"${bad}" is not an E.164 number such as +14155550100`);
  return [...previous, ...numbers];
}

function describe(event: EmulatorEvent): string | null {
  const line = (m: EmulatedMessage, what: string) => `${m.sid} ${m.from ?? "(service)"} → ${m.to} ${what}`;
  switch (event.type) {
    case "message":
      return line(event.message, `${event.message.direction} ${event.message.status} ${JSON.stringify(event.message.body)}`);
    case "status":
      return line(event.message, event.message.status + (event.message.errorCode ? ` (error ${event.message.errorCode})` : ""));
    case "callback":
      return null;
    case "optOut":
      return `${event.phone} ${event.optedOut ? "opted out of" : "opted back in to"} ${event.scope}`;
    default: {
      const _exhaustive: never = event;
      return String(_exhaustive);
    }
  }
}

export function registerEmulator(program: Command): Command {
  return program
    .command("emulator")
    .option("--port <port>", "port to listen on (0: any free port)", integer("--port", 0, 65535), 4010)
    .option("--account-sid <sid>", "Account SID to accept (default: generated)")
    .option("--auth-token <token>", "Auth Token to accept and sign with (default: generated)")
    .option("--webhook <url>", "where inbound messages are POSTed, e.g. http://127.0.0.1:3000/sms")
    .option("--trial", "behave like a trial account: only --verified numbers can be messaged (21608)")
    .option("--verified <numbers...>", "verified recipient numbers (E.164), repeat or separate with commas", phoneList, [])
    .option("--seed <n>", "seed for SIDs, jitter and random failures", integer("--seed", 0, 2 ** 32 - 1))
    .addOption(new Option("--latency <ms>", "delay before each status change").argParser(integer("--latency", 0, 600_000)).default(50))
    .option("--quiet", "do not print each message and status change")
    .action(async (flags: EmulatorFlags) => {
      const emulator = await startEmulator({
        port: flags.port,
        ...(flags.accountSid !== undefined && { accountSid: flags.accountSid }),
        ...(flags.authToken !== undefined && { authToken: flags.authToken }),
        ...(flags.seed !== undefined && { seed: flags.seed }),
        webhookUrl: flags.webhook ?? null,
        trial: flags.trial ?? false,
        verifiedNumbers: flags.verified,
        delivery: { latencyMs: flags.latency },
        log: (line) => console.error(`emulator: ${line}`),
      });
      console.log(`Twilio emulator listening on ${emulator.url}`);
      console.log(`  TWILIO_API_BASE_URL=${emulator.url}`);
      console.log(`  TWILIO_ACCOUNT_SID=${emulator.accountSid}`);
      console.log(`  TWILIO_AUTH_TOKEN=${emulator.authToken}`);
      console.log(`  webhook: ${flags.webhook ?? "(none: set one with --webhook or PATCH /_emulator/config)"}`);
      console.log(`  control API: ${emulator.url}/_emulator`);
      if (!flags.quiet) {
        emulator.events.on("event", (event) => {
          const line = describe(event);
          if (line) console.log(line);
        });
      }
      const stop = () => {
        void emulator.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
