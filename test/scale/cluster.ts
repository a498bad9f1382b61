/**
 * @module A throwaway PostgreSQL cluster for fault tests: initdb in a temp folder, started on a free
 * loopback port, restarted and stopped at will. Never the machine's shared cluster, so restarting it
 * disturbs nobody. As root (CI), the server runs as the `postgres` user through runuser.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Cluster {
  /** `postgres://bot@127.0.0.1:PORT/DB` (trust authentication on loopback). */
  url(database: string): string;
  port: number;
  /** The cluster's data folder (postmaster.pid is in it). */
  dataDir: string;
  createDatabase(name: string): Promise<void>;
  /** `pg_ctl restart -m fast`: every connection is dropped with 57P01, as a restart or failover does. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

/** Where initdb lives: PG_BIN, else the newest /usr/lib/postgresql/N/bin, else PATH. */
export function postgresBin(): string | null {
  const fromEnv = process.env["PG_BIN"];
  if (fromEnv && fs.existsSync(path.join(fromEnv, "initdb"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(bin: string): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bot-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  if (asRoot) {
    // The server refuses to run as root; the folder must belong to the user it runs as.
    fs.chmodSync(dir, 0o755);
    await run("chown", ["postgres:postgres", dir]);
  }
  const as = async (command: string, args: string[]) => {
    const file = path.join(bin, command);
    const { stdout } = asRoot ? await run("runuser", ["-u", "postgres", "--", file, ...args], { cwd: "/" }) : await run(file, args, { cwd: "/" });
    return stdout;
  };
  await as("initdb", ["-D", data, "-U", "bot", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const ctl = (action: string, extra: string[] = []) =>
    as("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-o", options, "-w", "-t", "60", ...extra, action]);
  await ctl("start");
  const psql = (sql: string) => as("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "bot", "-d", "postgres", "-qAtc", sql]);
  return {
    port,
    dataDir: data,
    url: (database) => `postgres://bot@127.0.0.1:${port}/${database}`,
    createDatabase: async (name) => void (await psql(`CREATE DATABASE "${name}"`)),
    restart: async () => void (await ctl("restart", ["-m", "fast"])),
    stop: async () => void (await ctl("stop", ["-m", "fast"])),
    start: async () => void (await ctl("start")),
    destroy: async () => {
      await ctl("stop", ["-m", "immediate"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
