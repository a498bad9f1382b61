/** @module The store: one interface, implementations under it (SQLite today), and status ranking shared by all. */
export type {
  Changes,
  ClaimDueOptions,
  ClaimedRows,
  MessageLogEntry,
  NewLogEntry,
  NewOutboxRow,
  OutboxKind,
  OutboxRow,
  OutboxState,
  QueuedInbound,
  QueuedMessage,
  Transition,
  SentUpdate,
  StatusCheckOptions,
  StatusEvent,
  StatusResult,
  Store,
  UserRecord,
} from "./types.ts";
export { StoreError } from "./types.ts";
export type * from "./handoffs/types.ts";
export { BotStateConflict, applyBotWrites, diffBotState } from "./bot-writes.ts";
export type { BotChanges, BotWrite } from "./bot-writes.ts";
export { statusRank, isSettled, LOG_STATUSES } from "./status.ts";
export { createSqliteStore, storeOn, openDatabase, describeOpenError, migrate, loadMigrations } from "./sqlite/index.ts";
