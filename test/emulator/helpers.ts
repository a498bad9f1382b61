/** @module Test helpers: a real loopback HTTP receiver for webhooks/callbacks, and an emulator with a real twilio client. */
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../sandbox/emulator/index.ts";
import { createTwilioClient, type TwilioClient } from "../../runtime/twilio/client.ts";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
  raw: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Sets the answer to every following request. */
  respond(answer: { status?: number; contentType?: string; body?: string }): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let answer = { status: 200, contentType: "text/plain", body: "" };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
    });
    req.on("end", () => {
      requests.push({ path: req.url ?? "", headers: req.headers, params: Object.fromEntries(new URLSearchParams(raw)), raw });
      res.writeHead(answer.status, { "Content-Type": answer.contentType });
      res.end(answer.body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      answer = { ...answer, ...next };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Pair {
  emulator: Emulator;
  client: TwilioClient;
  close(): Promise<void>;
}

/** An emulator with fast, deterministic delivery and a twilio client pointed at it. */
export async function startPair(options: EmulatorOptions = {}, clientOptions: { timeoutMs?: number } = {}): Promise<Pair> {
  const emulator = await startEmulator({ seed: 42, ...options, delivery: { latencyMs: 1, ...options.delivery } });
  const client = createTwilioClient({ accountSid: emulator.accountSid, authToken: emulator.authToken, baseUrl: emulator.url, ...clientOptions });
  return { emulator, client, close: () => emulator.close() };
}

export const FROM = "+15005550006";
export const TO = "+14155550100";
