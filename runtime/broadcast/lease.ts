/**
 * @module Runner leases: one process releases a broadcast at a time. A dead runner's lease is taken over at
 * once: on PostgreSQL when its process liveness lock is gone (the store checks that itself), on SQLite when
 * its pid is gone on this host; otherwise after it goes stale.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Lease } from "../store/broadcasts/types.ts";

/** Heartbeats every second; a lease silent this long belongs to a runner that is gone (another host, or a hung process). */
export const LEASE_STALE_MS = 30_000;
export const HEARTBEAT_MS = 1_000;

export function newLease(): Lease {
  return { token: randomUUID(), pid: process.pid, host: os.hostname() };
}

/** True only when the runner's process surely no longer exists: same host and no such pid (SQLite; PostgreSQL asks liveness instead). */
export function runnerIsDead(pid: number, host: string): boolean {
  if (host !== os.hostname() || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "ESRCH";
  }
}

export function describeRunner(runner: { pid: number; host: string; heartbeatAt: number } | null, now: number): string {
  if (!runner) return "another runner";
  return `process ${runner.pid} on ${runner.host} (last heartbeat ${((now - runner.heartbeatAt) / 1000).toFixed(1)} s ago)`;
}
