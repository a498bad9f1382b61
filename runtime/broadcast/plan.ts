/** @module Plans a broadcast: compiles and lints the body, chooses the audience, renders per recipient, estimates cost and time, and gives the policy verdict. */
import { createHash } from "node:crypto";
import { compileReply } from "../../compiler/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/types.ts";
import type { BotIR } from "../../compiler/ir/types.ts";
import { lint, wholeTextSpan } from "../../compiler/lint/index.ts";
import type { BotConfig } from "../../compiler/lint/index.ts";
import { loadBrain, newBotState } from "../../engine/index.ts";
import type { BotState, EngineEnv } from "../../engine/index.ts";
import type { UserRecord } from "../store/index.ts";
import { countSegments } from "../twilio/index.ts";
import { assignWindow, quietHoursReport } from "../quiet-hours/index.ts";
import type { Assigned } from "../quiet-hours/index.ts";
import { MAX_BODY_CHARACTERS, renderFor } from "./render.ts";
import type { RenderedRecipient } from "./render.ts";
import { policyVerdict } from "./sender.ts";
import type { SenderInfo } from "./sender.ts";
import type { BroadcastSettings } from "./settings.ts";
import type { NewBroadcast, NewRecipient } from "../store/broadcasts/types.ts";
import type { DryRunReport } from "./report.ts";
import { matchesAll, parseWhere, unknownVariables, WhereError } from "./where.ts";
import type { Condition } from "./where.ts";

export interface PlanInput {
  ir: BotIR;
  body: string;
  /** Shown in diagnostics (the --body-file path, or `<body>`). */
  bodyFile: string;
  where: string[];
  /** Messages per second from --rate; else config, else the sender's rate. */
  rate: number | null;
  startAt: number;
  botConfig: BotConfig;
  settings: BroadcastSettings;
  sender: SenderInfo;
  users: UserRecord[];
  /** Variable names set for some user. */
  knownVariables: Set<string>;
  bot: BotState | null;
  env: EngineEnv;
  origin: NewBroadcast["origin"];
}

export interface Plan {
  broadcast: NewBroadcast;
  recipients: NewRecipient[];
  report: DryRunReport;
}

export type PlanResult =
  /** The request itself is wrong (a filter, an option): nothing was planned. */
  | { type: "usage"; message: string }
  /** The body does not compile: nothing can be rendered. */
  | { type: "invalid-body"; message: string; diagnostics: Diagnostic[] }
  /** Planned; `report.verdict` says whether it may go. */
  | { type: "planned"; plan: Plan };

export async function planBroadcast(input: PlanInput): Promise<PlanResult> {
  let conditions: Condition[];
  try {
    conditions = input.where.map(parseWhere);
  } catch (error) {
    if (error instanceof WhereError) return { type: "usage", message: error.message };
    throw error;
  }
  const unknown = unknownVariables(conditions, input.knownVariables);
  if (unknown.length > 0) {
    return {
      type: "usage",
      message: `--where: ${unknown.map((n) => `"${n}"`).join(", ")} ${unknown.length === 1 ? "is" : "are"} not set for any user and not a namespace variable (such as _fromCountry, _lastMsgReceived); check the spelling against the bot's <set> tags`,
    };
  }
  if (input.body.trim() === "") return { type: "usage", message: "the broadcast body is empty: give --body TEXT or --body-file FILE" };

  const compiled = compileReply(input.body, input.bodyFile);
  const compileErrors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (compileErrors.length > 0) {
    return {
      type: "invalid-body",
      message: `the broadcast body does not compile (${compileErrors.length} error${compileErrors.length === 1 ? "" : "s"}); nothing was sent`,
      diagnostics: compiled.diagnostics,
    };
  }
  const lintFindings = lint(input.ir, {
    // The opt-out rule needs the sender type even when it came from TWILIO_FROM rather than the config.
    config: { ...input.botConfig, sender: input.botConfig.sender ?? { type: input.sender.type } },
    sources: [{ path: input.bodyFile, text: input.body }],
    broadcast: { body: compiled.template, span: wholeTextSpan(input.bodyFile, input.body) },
  })
    .filter((d) => d.span.file === input.bodyFile)
    // The bot's scripts may never set a variable that earlier conversations (or imports) did set for these users.
    .filter((d) => !(d.code === "BOT207" && input.knownVariables.has(String(d.data?.["name"] ?? ""))));
  const diagnostics = [...compiled.diagnostics, ...lintFindings];

  const matched = input.users.filter((u) => matchesAll(u, conditions));
  const audience = matched.filter((u) => !u.optedOut).sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));
  const brain = loadBrain(input.ir);
  const bot = input.bot ?? newBotState(input.ir);
  const rendered: RenderedRecipient[] = [];
  for (const user of audience) rendered.push(await renderFor(brain, bot, user, compiled.template, input.env));
  const sending = rendered.filter((r) => r.parts.length > 0);
  const quietHours = input.settings.quietHours;
  const byId = new Map(audience.map((u) => [u.id, u]));
  const windows: Assigned[] | null = quietHours ? sending.map((r) => assignWindow(byId.get(r.userId)!, quietHours, input.startAt)) : null;

  const report = estimate(input, sending, windows, {
    matched: matched.length,
    optedOut: matched.length - audience.length,
    skipped: rendered.length - sending.length,
    diagnostics,
  });
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([input.body, [...input.where].sort()]))
    .digest("hex");
  return {
    type: "planned",
    plan: {
      broadcast: {
        body: input.body,
        filters: input.where,
        fingerprint,
        senderType: input.sender.type,
        rate: report.rate,
        startAt: input.startAt,
        optedOut: report.optedOut,
        skipped: report.skipped,
        segments: report.segments.total,
        costEstimate: report.cost.total,
        origin: input.origin,
      },
      recipients: sending.map(({ userId, parts, patch, segments }, i) => ({ userId, parts, patch, segments, ...(windows && { window: windows[i]!.key }) })),
      report,
    },
  };
}

function estimate(
  input: PlanInput,
  sending: RenderedRecipient[],
  windows: Assigned[] | null,
  counts: { matched: number; optedOut: number; skipped: number; diagnostics: Diagnostic[] },
): DryRunReport {
  const { prices, segmentRates } = input.settings;
  const segmentsPerSecond = segmentRates[input.sender.type];
  const histogram = new Map<number, number>();
  let total = 0;
  let messages = 0;
  let mms = 0;
  let cost = 0;
  let gsm7 = 0;
  let ucs2 = 0;
  for (const r of sending) {
    histogram.set(r.segments, (histogram.get(r.segments) ?? 0) + 1);
    total += r.segments;
    messages += r.parts.length;
    for (const part of r.parts) {
      if (part.media.length > 0) {
        mms++;
        cost += prices.mms;
      } else cost += countSegments(part.body).segments * prices.smsSegment;
    }
    if (r.ucs2) ucs2++;
    else gsm7++;
  }
  const maxSegments = Math.max(1, ...sending.map((r) => r.segments));
  // Default pace: the sender's segment rate spread over the longest recipient's segments.
  const rate = input.rate ?? input.settings.rate ?? segmentsPerSecond / maxSegments;
  const durationSeconds = messages / rate;
  const queueWaitSeconds = Math.max(0, total / segmentsPerSecond - durationSeconds);
  const tooLong = sending.filter((r) => r.characters > MAX_BODY_CHARACTERS).sort((a, b) => b.characters - a.characters);
  const verdict =
    tooLong.length > 0
      ? {
          ok: false as const,
          reason: `the body renders to more than ${MAX_BODY_CHARACTERS} characters for ${tooLong.length} recipient${tooLong.length === 1 ? "" : "s"} (longest: ${tooLong[0]!.userId}, ${tooLong[0]!.characters} characters); Twilio would refuse those with 21617, so nothing is sent.`,
          remedies: ["shorten the body or the variables it reads", "split it into several messages with <send>"],
        }
      : counts.diagnostics.some((d) => d.severity === "error")
        ? {
            ok: false as const,
            reason: "the body has lint errors (listed above); nothing is sent.",
            remedies: ["fix the errors, then run again (bot lint --broadcast FILE shows them too)"],
          }
        : policyVerdict({ sender: input.sender.type, recipients: sending.length, queueWaitSeconds });
  const quiet =
    input.settings.quietHours && windows
      ? quietHoursReport(
          input.settings.quietHours,
          sending.map((r, i) => ({ assigned: windows[i]!, messages: r.parts.length })),
          rate,
          input.startAt,
        )
      : null;
  const finishAt = quiet ? quiet.finishAt : input.startAt + durationSeconds * 1000;
  const confirm =
    quiet && quiet.finishAt === null
      ? `within its quiet-hours windows (${quiet.quiet.end}–${quiet.quiet.start} local time) the broadcast cannot reach ${quiet.unreached} of ${sending.length} recipient(s) in ${quiet.maxDays} day(s) (broadcast.quietHours.maxDays); it keeps sending in each window until done`
      : null;
  return {
    matched: counts.matched,
    optedOut: counts.optedOut,
    recipients: sending.length,
    skipped: counts.skipped,
    messages,
    mms,
    segments: {
      total,
      max: sending.length ? maxSegments : 0,
      histogram: [...histogram].sort((a, b) => a[0] - b[0]).map(([segments, recipients]) => ({ segments, recipients })),
    },
    encodings: { gsm7, ucs2 },
    cost: { total: Math.round(cost * 1e4) / 1e4, perSegment: prices.smsSegment, perMms: prices.mms, currency: "USD" },
    sender: { type: input.sender.type, source: input.sender.source, segmentsPerSecond },
    rate,
    durationSeconds,
    finishAt,
    quietHours: quiet,
    confirm,
    queueWaitSeconds,
    startAt: input.startAt,
    longest: [...sending]
      .sort((a, b) => b.characters - a.characters)
      .slice(0, 3)
      .map((r) => ({ userId: r.userId, characters: r.characters, segments: r.segments })),
    perRecipient: sending.map((r) => ({ userId: r.userId, segments: r.segments, messages: r.parts.length, preview: r.parts[0]!.body.slice(0, 80) })),
    diagnostics: counts.diagnostics,
    verdict,
  };
}
