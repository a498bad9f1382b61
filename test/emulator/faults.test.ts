/** @module Fault injection: error statuses, hung requests and dropped connections, before or after the message exists. */
import { afterEach, describe, expect, it } from "vitest";
import type { RestException } from "twilio";
import { FROM, TO, startPair, type Pair } from "./helpers.ts";

let pair: Pair;
afterEach(() => pair.close());

const create = () => pair.client.messages.create({ to: TO, from: FROM, body: "x" });

describe("faults", () => {
  it("status 500 answers a Twilio-shaped 500 once, then normal service resumes", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "status", status: 500 });
    const error = (await create().catch((e: unknown) => e)) as RestException;
    expect([error.status, error.code]).toEqual([500, 20500]);
    expect(pair.emulator.messages()).toEqual([]);
    expect((await create()).status).toBe("queued");
  });

  it("status 429 answers 20429 the given number of times", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "status", status: 429, times: 2 });
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(
        await create().then(
          () => "ok",
          (e: RestException) => `${e.status}/${e.code}`,
        ),
      );
    expect(outcomes).toEqual(["429/20429", "429/20429", "ok"]);
  });

  it("hang never answers: the client times out and nothing was created", async () => {
    pair = await startPair({}, { timeoutMs: 200 });
    pair.emulator.injectFault({ type: "hang" });
    const error = (await create().catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.code).toBe("ECONNABORTED");
    expect(pair.emulator.messages()).toEqual([]);
  });

  it("close drops the connection", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "close" });
    const error = (await create().catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.code).toBe("ECONNRESET");
    expect(pair.emulator.messages()).toEqual([]);
  });

  it("afterCreate: the message exists and is delivered although the caller saw a failure", async () => {
    pair = await startPair({}, { timeoutMs: 200 });
    pair.emulator.injectFault({ type: "hang", afterCreate: true });
    await expect(create()).rejects.toThrow();
    await pair.emulator.settle();
    const [message] = pair.emulator.messages();
    expect(message?.status).toBe("delivered");
    // Reconciling by listing finds it.
    const listed = await pair.client.messages.list({ to: TO });
    expect(listed.map((m) => m.sid)).toEqual([message?.sid]);
  });

  it("route: a fetch fault leaves creates alone", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "status", status: 503, route: "fetch" });
    const message = await create();
    const error = (await pair.client
      .messages(message.sid)
      .fetch()
      .catch((e: unknown) => e)) as RestException;
    expect(error.status).toBe(503);
    expect((await pair.client.messages(message.sid).fetch()).sid).toBe(message.sid);
  });

  it("clearFaults drops pending faults; bad `times` is refused", async () => {
    pair = await startPair();
    pair.emulator.injectFault({ type: "status", status: 500, times: 5, route: "any" });
    pair.emulator.clearFaults();
    expect((await create()).status).toBe("queued");
    expect(() => pair.emulator.injectFault({ type: "close", times: 0 })).toThrow(/positive integer/);
  });

  it("close() ends hung requests instead of waiting for them", async () => {
    let hung: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      hung = resolve;
    });
    pair = await startPair(
      {
        log: (line) => {
          if (line.startsWith("fault hang")) hung();
        },
      },
      { timeoutMs: 10_000 },
    );
    pair.emulator.injectFault({ type: "hang" });
    const pending = create().catch((e: unknown) => e);
    await arrived;
    await pair.emulator.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
