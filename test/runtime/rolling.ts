/**
 * @module A load balancer in front of real `bot run` processes, for the drain tests: users text through the
 * emulator to a process in rotation; a process is taken out of rotation shortly after its SIGTERM (as a
 * load balancer does once readiness fails), so webhooks keep reaching it during its grace; a failed
 * attempt is retried with the same MessageSid at a process in rotation. Every attempt is recorded, so a
 * test can tell a webhook refused by a draining process from one that waited for a restart.
 */
import { signedPost } from "../../sandbox/emulator/signed-post.ts";
import { BOT_NUMBER, sleep, startBot } from "../scale/load.ts";
import type { BotProcess, RigOptions, ScaleRig, UserScript } from "../scale/load.ts";

export interface Attempt {
  phone: string;
  body: string;
  process: BotProcess;
  /** HTTP status, or null when the connection failed. */
  status: number | null;
  at: number;
}

export interface Balancer {
  rotation: BotProcess[];
  attempts: Attempt[];
  /** When each process got its SIGTERM. */
  signaledAt: Map<BotProcess, number>;
  /** Sends every user's script, retrying failed attempts (with the same MessageSid) until a process takes them. */
  drive(users: UserScript[]): Promise<void>;
  /**
   * SIGTERM to `bot`: checks `/readyz` turned 503 at once, takes it out of rotation after `lbDelayMs`, waits
   * for its exit and starts a replacement on the same database. Resolves with the drain's figures.
   */
  restart(bot: BotProcess, options: RigOptions, lbDelayMs?: number): Promise<RestartReport>;
}

export interface RestartReport {
  readyzAfterSignal: number | null;
  /** From SIGTERM to the process's exit. */
  drainMs: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  replacement: BotProcess;
}

export function balancer(rig: ScaleRig): Balancer {
  const rotation = [...rig.processes];
  const attempts: Attempt[] = [];
  const signaledAt = new Map<BotProcess, number>();
  const pick = (u: number): BotProcess | null => (rotation.length === 0 ? null : rotation[u % rotation.length]!);

  async function deliver(u: number, phone: string, body: string): Promise<void> {
    let params: Record<string, string> | null = null;
    for (let attempt = 0; attempt < 400; attempt++) {
      const target = pick(u + attempt);
      if (target === null) {
        await sleep(100);
        continue;
      }
      const url = `${target.url}/sms`;
      const at = Date.now();
      let status: number | null;
      if (params === null) {
        const first = await rig.emulator.sendInbound({ from: phone, to: BOT_NUMBER, body, url });
        params = first.params;
        status = first.error === undefined ? (first.status ?? null) : null;
      } else {
        const again = await signedPost(url, params, rig.emulator.authToken, 15_000);
        status = again.error === undefined ? (again.status ?? null) : null;
      }
      attempts.push({ phone, body, process: target, status, at });
      if (status !== null && status < 300) return;
      await sleep(200);
    }
    throw new Error(`${phone} "${body}": no process took it`);
  }

  return {
    rotation,
    attempts,
    signaledAt,
    async drive(users) {
      await Promise.all(
        users.map(async (user, u) => {
          for (const message of user.messages) {
            await sleep(message.pauseMs);
            await deliver(u, user.phone, message.body);
          }
        }),
      );
    },
    async restart(bot, options, lbDelayMs = 500) {
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        bot.child.once("exit", (code, signal) => resolve({ code, signal })),
      );
      const started = Date.now();
      signaledAt.set(bot, started);
      bot.child.kill("SIGTERM");
      let readyzAfterSignal: number | null = null;
      for (let i = 0; i < 20 && readyzAfterSignal !== 503; i++) {
        readyzAfterSignal = await fetch(`${bot.url}/readyz`).then(
          (r) => r.status,
          () => null,
        );
        if (readyzAfterSignal !== 503) await sleep(10);
      }
      await sleep(lbDelayMs);
      rotation.splice(rotation.indexOf(bot), 1);
      const { code, signal } = await exited;
      const drainMs = Date.now() - started;
      bot.killed = true;
      const replacement = await startBot(rig.botDir, rig.emulator, options);
      rig.processes.push(replacement);
      rotation.push(replacement);
      return { readyzAfterSignal, drainMs, exitCode: code, signal, replacement };
    },
  };
}

/** Attempts a process answered with anything but success after its SIGTERM: webhooks a draining process refused. */
export function refusedWhileDraining(lb: Balancer): Attempt[] {
  return lb.attempts.filter((a) => {
    const signaled = lb.signaledAt.get(a.process);
    return signaled !== undefined && a.at >= signaled && (a.status === null || a.status >= 300);
  });
}
