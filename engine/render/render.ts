/** @module Template rendering: parts become text and direction chunks, applying their reads and writes in order. */
import type { Template, TemplatePart, VariableName } from "../../compiler/ir/types.ts";
import { topicName, HUMAN_TOPIC } from "../brain.ts";
import { log, textOf, type Chunk, type Run, type Scope } from "../run.ts";
import { applyFormat } from "./format.ts";
import { callMacro } from "./call.ts";
import { cancelReminder, scheduleReminder } from "./reminders.ts";
import { pickArrayItem, pickIndex, readHistory, readHttpValue, readStar, readUserVar, readVar } from "./values.ts";
import { applyMath, setUserVar, writeVar } from "./writes.ts";

export async function render(run: Run, scope: Scope, template: Template): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for (const part of template) await renderPart(run, scope, part, out);
  return out;
}

export async function renderText(run: Run, scope: Scope, template: Template): Promise<string> {
  return textOf(await render(run, scope, template));
}

/** Values written into variables are stored as rendered, never escaped for a URL or JSON. */
function plain(scope: Scope): Scope {
  return scope.escape === null ? scope : { ...scope, escape: null };
}

export const encodeUrlValue = (value: string): string => encodeURIComponent(value);

async function renderPart(run: Run, scope: Scope, part: TemplatePart, out: Chunk[]): Promise<void> {
  // Text from captures, variables and calls is data: it is added as text and never parsed again.
  const value = (text: string): void => {
    out.push({ type: "text", text: scope.escape === null ? text : scope.escape(text) });
  };
  switch (part.type) {
    case "text":
      out.push({ type: "text", text: part.value });
      return;
    case "star":
      return value(readStar(scope, part.index, part.source));
    case "input":
    case "reply":
      return value(readHistory(run, part.type, part.index));
    case "id":
      return value(run.session.userId);
    case "get":
      return value(readUserVar(run, await variableName(run, scope, part.name)));
    case "bot":
      return value(readVar(run.bot.vars, await variableName(run, scope, part.name)));
    case "env":
      return value(readVar(run.bot.globals, await variableName(run, scope, part.name)));
    case "arrayPick":
      return value(pickArrayItem(run, part.name));
    case "httpValue":
      return value(readHttpValue(scope, part.call, part.path));
    case "set": {
      const name = await variableName(run, scope, part.name);
      return setUserVar(run, name, await renderText(run, plain(scope), part.value));
    }
    case "botSet": {
      const name = await variableName(run, scope, part.name);
      return writeVar(run.bot.vars, name, await renderText(run, plain(scope), part.value));
    }
    case "envSet": {
      const name = await variableName(run, scope, part.name);
      return writeVar(run.bot.globals, name, await renderText(run, plain(scope), part.value));
    }
    case "math": {
      const name = await variableName(run, scope, part.name);
      return applyMath(run, part.op, name, await renderText(run, plain(scope), part.value));
    }
    case "topic":
      run.session.topic = topicName(part.name);
      if (run.session.topic !== HUMAN_TOPIC) run.session.handoff = false;
      return;
    case "random": {
      const option = part.options.length === 0 ? [] : part.options[pickIndex(run, part.options.length)]!;
      for (const inner of option) await renderPart(run, scope, inner, out);
      return;
    }
    case "format": {
      // Inner tags first, then the format (so `{formal}<get name>{/formal}` formats the name).
      for (const chunk of joinText(await render(run, scope, part.body))) {
        if (chunk.type === "text") out.push({ type: "text", text: applyFormat(part.format, chunk.text, run.brain.person) });
        else if (chunk.type === "ok") out.push({ type: "ok", formats: [...(chunk.formats ?? []), part.format] });
        else out.push(chunk);
      }
      return;
    }
    case "inlineRedirect": {
      const target = await renderText(run, plain(scope), part.target);
      const answer = await run.redirect(target, scope.step + 1);
      for (const chunk of answer.chunks) {
        if (chunk.type === "text") value(chunk.text);
        else out.push(chunk);
      }
      return;
    }
    case "call":
      return value(await callMacro(run, part.name, await renderText(run, plain(scope), part.args)));
    case "ok":
      if (scope.begin) out.push({ type: "ok" });
      return;
    case "send":
      out.push({ type: "send" });
      return;
    case "delay":
      out.push({ type: "delay", seconds: part.seconds, cancelable: part.cancelable });
      return;
    case "noReply":
      out.push({ type: "noReply" });
      return;
    case "media":
      out.push({ type: "media", url: (await renderText(run, { ...scope, escape: encodeUrlValue }, part.url)).trim() });
      return;
    case "buttons": {
      const labels: string[] = [];
      for (const label of part.labels) labels.push((await renderText(run, plain(scope), label)).trim());
      out.push({ type: "buttons", labels: labels.filter((label) => label !== "") });
      return;
    }
    case "link": {
      const url = (await renderText(run, { ...scope, escape: encodeUrlValue }, part.url)).trim();
      const title = part.title === null ? "" : (await renderText(run, plain(scope), part.title)).trim();
      out.push({ type: "text", text: title === "" ? url : `${title}: ${url}` });
      return;
    }
    case "reminder":
      return scheduleReminder(run, scope, part.name, part.text, await renderText(run, plain(scope), part.at));
    case "reminderCancel":
      return cancelReminder(run, part.name);
    case "template":
    case "metadata":
      log(run, "RUN009", { direction: part.type });
      return;
    case "notifyAgent":
      run.session.handoff = true;
      run.session.topic = HUMAN_TOPIC;
      run.effects.push(
        part.reason === undefined ? { type: "handoff", userId: run.session.userId } : { type: "handoff", userId: run.session.userId, reason: part.reason },
      );
      return;
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

/**
 * A name built from tags (`<get fav<star>>`) is rendered first, then trimmed, and the result is the name as
 * it is, as in RiveScript: `ice cream` in `<star>` gives `favice cream`; an empty result is the name "".
 * Directions a name cannot hold (`<send>`, media …) contribute nothing to it.
 */
async function variableName(run: Run, scope: Scope, name: VariableName): Promise<string> {
  return typeof name === "string" ? name : (await renderText(run, plain(scope), name)).trim();
}

/** Adjacent text chunks as one, so a format sees whole words across tag boundaries. */
function joinText(chunks: Chunk[]): Chunk[] {
  const joined: Chunk[] = [];
  for (const chunk of chunks) {
    const last = joined[joined.length - 1];
    if (chunk.type === "text" && last?.type === "text") joined[joined.length - 1] = { type: "text", text: last.text + chunk.text };
    else joined.push(chunk);
  }
  return joined;
}
