/** @module `bot users export|erase`: one user's data as one JSON document, or erased (with the consent ledger kept under a salted hash and a suppression record). */
import readline from "node:readline/promises";
import type { Command } from "commander";
import { inertJson, inertText } from "../../compiler/diagnostics/inert-text.ts";
import { openCliContext } from "../../runtime/broadcast/setup.ts";
import type { EraseResult } from "../../runtime/store/personal/types.ts";
import { loadBotOr } from "../load-bot.ts";

interface UsersFlags {
  db?: string;
  yes?: boolean;
  waitS?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** A user with a message mid-send is retried this long before erase gives up. */
const DEFAULT_WAIT_S = 30;

export function registerUsers(program: Command): Command {
  const users = program.command("users");
  users
    .command("export")
    .description("print everything held about one user as one JSON document")
    .argument("<bot>", "the bot (its folder locates the default database)")
    .argument("<phone>", "the user's number in E.164, e.g. +15550001111")
    .option("--db <path>", "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run")
    .action(async (path: string, phone: string, flags: UsersFlags) => {
      process.exitCode = await run("export", path, phone, flags);
    });
  users
    .command("erase")
    .description("erase one user: messages anonymised, session and queues removed; the consent ledger and an opt-out are kept under a salted hash")
    .argument("<bot>", "the bot (its folder locates the default database)")
    .argument("<phone>", "the user's number in E.164, e.g. +15550001111")
    .option("--db <path>", "SQLite database (env BOT_DB; default <bot folder>/.bot/bot.db); DATABASE_URL (PostgreSQL) wins, as for bot run")
    .option("--yes", "do not ask for confirmation")
    .option("--wait-s <seconds>", `how long to wait for a message being sent to the user (default ${DEFAULT_WAIT_S})`)
    .action(async (path: string, phone: string, flags: UsersFlags) => {
      process.exitCode = await run("erase", path, phone, flags);
    });
  return users;
}

async function run(what: "export" | "erase", path: string, phone: string, flags: UsersFlags): Promise<number> {
  const fail = (code: number, message: string) => (console.error(`bot users ${what}: ${message}`), code);
  if (!E164.test(phone))
    return fail(
      2,
      `${inertText(JSON.stringify(phone))} is not a phone number in E.164 form: a + and the country code, then the number, digits only (e.g. +15550001111)`,
    );
  const waitS = flags.waitS === undefined ? DEFAULT_WAIT_S : Number(flags.waitS);
  if (!Number.isFinite(waitS) || waitS < 0) return fail(2, `--wait-s "${flags.waitS}" must be a number of seconds, 0 or more`);
  if (what === "erase" && !flags.yes) {
    if (!process.stdin.isTTY) return fail(2, `asks for confirmation on a terminal; pass --yes to erase ${phone} without asking`);
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Erase everything held about ${phone}? This cannot be undone. Type the number again to confirm: `);
    rl.close();
    if (answer.trim() !== phone) return fail(1, "not confirmed: nothing was changed");
  }
  const loaded = loadBotOr(path, fail);
  if (typeof loaded === "number") return loaded;
  const setup = await openCliContext(loaded, { ...(flags.db !== undefined && { db: flags.db }), readOnly: what === "export" }, process.env);
  if (!setup.ok) {
    for (const line of setup.lines) console.error(`bot users ${what}: ${line}`);
    return setup.exitCode;
  }
  const { store, database } = setup.ctx;
  try {
    const personal = store.personal;
    if (!personal) return fail(1, `the store at ${database} cannot export or erase users`);
    if (what === "export") {
      const document = await personal.exportUser(phone, Date.now());
      if (document === null) return fail(1, `no user ${phone} in ${database}`);
      console.log(inertJson(document, 2));
      return 0;
    }
    const deadline = Date.now() + waitS * 1000;
    let result: EraseResult = await personal.eraseUser(phone, Date.now());
    while (!result.ok && result.reason === "sending" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await personal.eraseUser(phone, Date.now());
    }
    if (!result.ok) return fail(1, result.message);
    console.log(
      `erased ${phone} from ${database}: now ${result.erasedAs} in the message log (bodies removed)${result.suppressed ? "; it had opted out, so a suppression record keeps it from being messaged again" : ""}. ${Object.entries(
        result.counts,
      )
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`,
    );
    return 0;
  } finally {
    await setup.ctx.close();
  }
}
