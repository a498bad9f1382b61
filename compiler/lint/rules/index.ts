/** @module The rule registry: every lint rule by name, sorted (a meta-test keeps it complete and in order). */
import type { AnyRule } from "../types.ts";
import arrayUnknown from "./array-unknown.ts";
import broadcastOptOutMissing from "./broadcast-opt-out-missing.ts";
import catchAllMissing from "./catch-all-missing.ts";
import handoffReturnTopic from "./handoff-return-topic.ts";
import mmsMediaCount from "./mms-media-count.ts";
import mmsMediaHidden from "./mms-media-hidden.ts";
import mmsMediaItemSize from "./mms-media-item-size.ts";
import mmsMediaMissing from "./mms-media-missing.ts";
import mmsMediaOutsideBotFolder from "./mms-media-outside-bot-folder.ts";
import mmsMediaTotalSize from "./mms-media-total-size.ts";
import mmsMediaType from "./mms-media-type.ts";
import mmsMediaUnreachable from "./mms-media-unreachable.ts";
import redirectCatchAll from "./redirect-catch-all.ts";
import redirectCycle from "./redirect-cycle.ts";
import redirectCyclePartial from "./redirect-cycle-partial.ts";
import redirectUnmatched from "./redirect-unmatched.ts";
import smsDelayTotal from "./sms-delay-total.ts";
import smsEncodingUcs2 from "./sms-encoding-ucs2.ts";
import smsLengthLimit from "./sms-length-limit.ts";
import smsMessageOrdering from "./sms-message-ordering.ts";
import smsPlatformUnsupported from "./sms-platform-unsupported.ts";
import smsPlatformVariable from "./sms-platform-variable.ts";
import smsReservedKeyword from "./sms-reserved-keyword.ts";
import smsSegmentLimit from "./sms-segment-limit.ts";
import starIndexOutOfRange from "./star-index-out-of-range.ts";
import starWithoutCapture from "./star-without-capture.ts";
import topicUnknown from "./topic-unknown.ts";
import topicUnreachable from "./topic-unreachable.ts";
import triggerMatchBudget from "./trigger-match-budget.ts";
import triggerShadowed from "./trigger-shadowed.ts";
import variableNeverSet from "./variable-never-set.ts";

export const rules: Readonly<Record<string, AnyRule>> = {
  "array-unknown": arrayUnknown,
  "broadcast-opt-out-missing": broadcastOptOutMissing,
  "catch-all-missing": catchAllMissing,
  "handoff-return-topic": handoffReturnTopic,
  "mms-media-count": mmsMediaCount,
  "mms-media-hidden": mmsMediaHidden,
  "mms-media-item-size": mmsMediaItemSize,
  "mms-media-missing": mmsMediaMissing,
  "mms-media-outside-bot-folder": mmsMediaOutsideBotFolder,
  "mms-media-total-size": mmsMediaTotalSize,
  "mms-media-type": mmsMediaType,
  "mms-media-unreachable": mmsMediaUnreachable,
  "redirect-catch-all": redirectCatchAll,
  "redirect-cycle": redirectCycle,
  "redirect-cycle-partial": redirectCyclePartial,
  "redirect-unmatched": redirectUnmatched,
  "sms-delay-total": smsDelayTotal,
  "sms-encoding-ucs2": smsEncodingUcs2,
  "sms-length-limit": smsLengthLimit,
  "sms-message-ordering": smsMessageOrdering,
  "sms-platform-unsupported": smsPlatformUnsupported,
  "sms-platform-variable": smsPlatformVariable,
  "sms-reserved-keyword": smsReservedKeyword,
  "sms-segment-limit": smsSegmentLimit,
  "star-index-out-of-range": starIndexOutOfRange,
  "star-without-capture": starWithoutCapture,
  "topic-unknown": topicUnknown,
  "topic-unreachable": topicUnreachable,
  "trigger-match-budget": triggerMatchBudget,
  "trigger-shadowed": triggerShadowed,
  "variable-never-set": variableNeverSet,
};
