/** @module Tells "the database is away for now" (restart, failover, network) from other store errors: the first is answered 503 and retried, never counted against a message. */

// PostgreSQL SQLSTATEs: 08xxx connection exceptions, 57P01-57P03 admin/crash shutdown and "starting up", 53300 too many connections.
const PG_CODES = /^(08...|57P0[123]|53300)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (PG_CODES.test(code) || NODE_CODES.has(code))) return true;
  const message = (error as Error | null)?.message ?? "";
  // pg's own wording when a socket closes or a pooled connect times out.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
    message,
  );
}

/**
 * SQLite cannot take writes for now (the disk is full, an I/O error, the file turned read-only, a lock held too
 * long): like a database that is away, it passes, and whatever failed on it is nobody's fault. Looks through
 * `cause`, since the store wraps driver errors.
 */
export function isStoreRefusingWrites(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  if (/^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED)/.test(code)) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isStoreRefusingWrites(cause);
}
