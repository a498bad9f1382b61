/** @module The simulator's side of the emulator's `/_emulator` HTTP API: send as a phone, read a conversation, follow the event stream. */
import type { EmulatedMessage, EmulatorEvent, InboundResult } from "../emulator/index.ts";

export class EmulatorUnreachable extends Error {
  override name = "EmulatorUnreachable";
}

export interface EmulatorClient {
  /** Texts the bot as `from`; the emulator signs the webhook exactly as Twilio would. */
  sendInbound(inbound: { from: string; to: string; body: string; mediaUrls?: string[] }): Promise<InboundResult>;
  /** Messages sent by or to `phone`, in creation order. */
  conversation(phone: string): Promise<EmulatedMessage[]>;
  /** The emulator's auth token (from `GET /_emulator`): the key that lets a non-local caller use the simulator's API. */
  authToken(): Promise<string>;
  /** Follows `/_emulator/events` until `signal` aborts; resolves when the stream ends. */
  follow(onEvent: (event: EmulatorEvent) => void, signal: AbortSignal): Promise<void>;
}

export function createEmulatorClient(emulatorUrl: string): EmulatorClient {
  const base = `${emulatorUrl.replace(/\/+$/, "")}/_emulator`;

  async function call(path: string, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, init);
    } catch (error) {
      throw new EmulatorUnreachable(
        `the Twilio emulator at ${emulatorUrl} does not answer (${(error as Error).cause ?? (error as Error).message}); is it still running?`,
      );
    }
    if (!response.ok && !init?.signal) {
      const text = await response.text();
      throw new EmulatorUnreachable(`the Twilio emulator answered ${response.status} to ${path}: ${text.slice(0, 200)}`);
    }
    return response;
  }

  return {
    async sendInbound(inbound) {
      const response = await call("/inbound", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(inbound) });
      return (await response.json()) as InboundResult;
    },
    async conversation(phone) {
      const response = await call(`/messages?phone=${encodeURIComponent(phone)}`);
      const messages = (await response.json()) as EmulatedMessage[];
      return messages.sort((a, b) => a.dateCreated - b.dateCreated);
    },
    async authToken() {
      const response = await call("");
      return ((await response.json()) as { authToken: string }).authToken;
    },
    async follow(onEvent, signal) {
      const response = await call("/events", { signal, headers: { Accept: "text/event-stream" } });
      if (!response.ok || !response.body) throw new EmulatorUnreachable(`the Twilio emulator's event stream answered ${response.status}`);
      let buffer = "";
      try {
        for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = parseEventBlock(block);
            if (event) onEvent(event);
          }
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
  };
}

/** One server-sent event block (`event:` and `data:` lines); comments and unknown shapes are skipped. */
export function parseEventBlock(block: string): EmulatorEvent | null {
  const data = block
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
  if (data === "") return null;
  try {
    const event = JSON.parse(data) as EmulatorEvent;
    return typeof event === "object" && event !== null && typeof event.type === "string" ? event : null;
  } catch {
    return null;
  }
}
