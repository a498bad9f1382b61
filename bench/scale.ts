/**
 * @module `npm run bench:scale`: the scale load of test/scale/ at a larger size, on 1 and 3 `bot run`
 * processes sharing one PostgreSQL database (a throwaway cluster), and 1 process on SQLite as the
 * baseline, in one run. Prints messages/s in (webhooks accepted) and out (messages Twilio accepted),
 * webhook p50/p99, and where the CPU time went (bot processes, the emulator and load driver, PostgreSQL).
 *
 * Options: `--users N` (300), `--messages N` (4), `--gap MS` (300, between one user's messages).
 */
import fs from "node:fs";
import path from "node:path";
import { postgresBin, startCluster } from "../test/scale/cluster.ts";
import type { Cluster } from "../test/scale/cluster.ts";
import { account, drive, percentile, scripts, settle, startRig } from "../test/scale/load.ts";
import type { ScaleRig } from "../test/scale/load.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const USERS = flag("--users", 300);
const MESSAGES = flag("--messages", 4);
const GAP = flag("--gap", 300);

/** CPU seconds (user + system) of a process from /proc, or 0 where /proc is missing. */
function cpuOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's CPU: the postmaster and every backend it forked (their times add up on exit into cutime). */
function postgresCpu(dataDir: string | null): number {
  if (dataDir === null) return 0;
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    let total = cpuOf(postmaster);
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ");
      if (stat && Number(stat[1]) === postmaster) total += cpuOf(Number(entry));
    }
    return total;
  } catch {
    return 0;
  }
}

interface Row {
  setup: string;
  inPerSec: number;
  outPerSec: number;
  p50: number;
  p99: number;
  lost: number;
  duplicated: number;
  cpuBots: number;
  cpuDriver: number;
  cpuDb: number;
}

async function measure(setup: string, rig: ScaleRig, offset: number, dataDir: string | null): Promise<Row> {
  const users = scripts(USERS, { offset, messages: MESSAGES, gapMs: GAP, stopEvery: 0 });
  const before = { bots: rig.processes.map((p) => cpuOf(p.child.pid!)), driver: process.cpuUsage(), db: postgresCpu(dataDir) };
  const load = await drive(rig, users);
  await settle(rig, users, { quietMs: 30_000 });
  const outbound = rig.emulator.messages().filter((m) => m.direction === "outbound-api" && users.some((u) => u.phone === m.to));
  const lastOut = Math.max(...outbound.map((m) => m.dateCreated));
  const acc = account(rig, users);
  const driver = process.cpuUsage(before.driver);
  return {
    setup,
    inPerSec: load.inbound / ((load.acceptedAt - load.startedAt) / 1000),
    outPerSec: outbound.length / ((lastOut - load.startedAt) / 1000),
    p50: percentile(load.latencies, 50),
    p99: percentile(load.latencies, 99),
    lost: acc.lost,
    duplicated: acc.duplicated,
    cpuBots: rig.processes.reduce((sum, p, i) => sum + cpuOf(p.child.pid!) - before.bots[i]!, 0),
    cpuDriver: (driver.user + driver.system) / 1e6,
    cpuDb: postgresCpu(dataDir) - before.db,
  };
}

const rows: Row[] = [];
const bin = postgresBin();
let cluster: Cluster | null = null;
try {
  const sqlite = await startRig({ databaseUrl: "", processes: 1 });
  rows.push(await measure("SQLite, 1 process", sqlite, 0, null));
  await sqlite.close();
  if (bin === null) {
    console.warn("bench:scale: no PostgreSQL server binaries (initdb) found; only the SQLite row is measured. Install postgresql or set PG_BIN.");
  } else {
    cluster = await startCluster(bin);
    for (const count of [1, 3]) {
      await cluster.createDatabase(`bench_${count}`);
      const rig = await startRig({ databaseUrl: cluster.url(`bench_${count}`), processes: count });
      rows.push(await measure(`PostgreSQL, ${count} process${count === 1 ? "" : "es"}`, rig, count * 1_000_000, cluster.dataDir));
      await rig.close();
    }
  }
} finally {
  await cluster?.destroy();
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
console.log(`\nbench:scale: ${USERS} users x ${MESSAGES} messages (${GAP} ms apart), each answered with 2 messages (one delayed 0.5 s), strict ordering\n`);
console.log(
  "| setup | msgs/s in | msgs/s out | webhook p50 ms | webhook p99 ms | lost | duplicated | CPU s: bots | CPU s: emulator+driver | CPU s: PostgreSQL |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.setup} | ${fmt(r.inPerSec, 1)} | ${fmt(r.outPerSec, 1)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.lost} | ${r.duplicated} | ${fmt(r.cpuBots, 1)} | ${fmt(r.cpuDriver, 1)} | ${fmt(r.cpuDb, 1)} |`,
  );
}
console.log("\nmsgs/s in is bounded by the users' own pace (--gap); out follows strict ordering (each message waits for the previous one's status callback).");
