/** @module What the webhook and the inbound worker do for one message, for tests that drive a conversation directly: store it, then run it. */
import type { Conversation, InboundOutcome } from "../../runtime/inbound/conversation.ts";
import type { QueuedMessage, Store } from "../../runtime/store/index.ts";

export async function runQueued(store: Store, conversation: Conversation, message: QueuedMessage, at = 0): Promise<InboundOutcome> {
  await store.enqueueInbound(message, at);
  const row = await store.nextInbound(message.from);
  if (row === null) throw new Error(`no queued row for ${message.from}`);
  return conversation.runInbound(row);
}
