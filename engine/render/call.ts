/** @module `<call>NAME args</call>`: object macros through the injected MacroHost; failures render `[ERR: …]`. */
import type { MacroApi } from "../types.ts";
import { log, type Run } from "../run.ts";
import { setUserVar, writeVar } from "./writes.ts";

/** Words, with `"quoted phrases"` kept together (the quotes removed), as RiveScript passes them. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/gu)) args.push(match[1] ?? match[2] ?? "");
  return args;
}

/** One token per reply (its run), so a macro host can tell a reply's calls apart from the next reply's. */
const replyTokens = new WeakMap<Run, object>();

export async function callMacro(run: Run, name: string, argsText: string): Promise<string> {
  let reply = replyTokens.get(run);
  if (reply === undefined) replyTokens.set(run, (reply = {}));
  const api: MacroApi = {
    reply,
    currentUser: () => run.session.userId,
    // The engine holds only the current user's session; other users read as unset and cannot be written.
    getUservar: (user, varName) => (user === run.session.userId ? readVar(run, varName) : undefined),
    setUservar: (user, varName, value) => {
      if (user === run.session.userId) setUserVar(run, varName, String(value));
    },
    getBotvar: (varName) => run.bot.vars[varName],
    getUservars: (user) => (user === run.session.userId ? { ...run.session.vars } : {}),
    setBotvar: (varName, value) => writeVar(run.bot.vars, varName, String(value)),
    getGlobal: (varName) => run.bot.globals[varName],
    setGlobal: (varName, value) => writeVar(run.bot.globals, varName, String(value)),
  };
  try {
    const result = await run.env.macros.call(name, splitArgs(argsText), api);
    return result === undefined || result === null ? "" : String(result);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(run, "RUN004", { name, reason });
    return `[ERR: ${reason}]`;
  }
}

function readVar(run: Run, name: string): string | undefined {
  return name.startsWith("_") ? run.session.meta[name] : run.session.vars[name];
}
