/** @module SMS directions: rendered chunks become ordered outbound messages with due times, media and menus. */
import type { OutboundMessage } from "./types.ts";
import type { Chunk } from "./run.ts";

export interface Outgoing {
  messages: OutboundMessage[];
  /** Labels of the last `^buttons` menu sent, or null. */
  buttons: string[] | null;
  /** What the user sees, messages joined by newlines (empty for no reply). */
  reply: string;
  /** The reply without menus: what `%` previous and `<reply N>` remember. */
  spoken: string;
}

interface Draft {
  text: string;
  media: string[];
  menu: string[] | null;
  offsetMs: number;
  cancelable: boolean;
}

export function toMessages(chunks: readonly Chunk[], to: string, now: number): Outgoing {
  if (chunks.some((chunk) => chunk.type === "noReply")) return { messages: [], buttons: null, reply: "", spoken: "" };
  const drafts: Draft[] = [];
  let offsetMs = 0;
  let cancelable = true;
  let current: Draft = { text: "", media: [], menu: null, offsetMs, cancelable };
  const close = (): void => {
    drafts.push(current);
    current = { text: "", media: [], menu: null, offsetMs, cancelable };
  };
  for (const chunk of chunks) {
    switch (chunk.type) {
      case "text":
        current.text += chunk.text;
        break;
      case "send":
        close();
        break;
      case "delay":
        offsetMs += Math.round(chunk.seconds * 1000);
        // Everything after a `nocancel` delay survives the user's next message.
        if (!chunk.cancelable) cancelable = false;
        close();
        break;
      case "media":
        if (chunk.url !== "") current.media.push(chunk.url);
        break;
      case "buttons":
        current.menu = chunk.labels;
        break;
      case "noReply":
      case "ok":
        break;
      default: {
        const _exhaustive: never = chunk;
        return _exhaustive;
      }
    }
  }
  drafts.push(current);
  const messages: OutboundMessage[] = [];
  const shown: string[] = [];
  const spoken: string[] = [];
  let buttons: string[] | null = null;
  for (const draft of drafts) {
    const text = draft.text.trim();
    const menu = draft.menu === null || draft.menu.length === 0 ? "" : draft.menu.map((label, i) => `${i + 1}) ${label}`).join("\n");
    const body = text === "" ? menu : menu === "" ? text : `${text}\n${menu}`;
    if (body === "" && draft.media.length === 0) continue;
    if (menu !== "") buttons = draft.menu;
    messages.push({
      type: "message",
      to,
      body,
      media: draft.media,
      dueAt: now + draft.offsetMs,
      cancelable: draft.cancelable,
      seq: messages.length,
    });
    shown.push(body);
    if (text !== "") spoken.push(text);
  }
  return { messages, buttons, reply: shown.join("\n"), spoken: spoken.join("\n") };
}
