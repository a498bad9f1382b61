/** @module The insights test bot and the messages its scripted tests send, with what the reports must show for them. */

/**
 * A default catch-all, a topic with its own catch-all (`order`), and an isolated topic without one (`quiz`),
 * so messages can be answered by a trigger, by either catch-all, or by nothing.
 */
export const INSIGHTS_BOT = `
+ hello
- Hi!

+ [what] time do you open
- We open at 9.

+ pizza
- What size? {topic=order}

+ quiz
- Ready? {topic=quiz}

+ *
- Sorry?

> topic order
  + large
  - Large it is. {topic=random}

  + *
  - Small or large?
< topic

> topic quiz isolated
  + yes
  - Good. {topic=random}
< topic
`;

/** Each user's messages, in order; whether the bot sends a reply to each. */
export const SCRIPT: { user: string; body: string; replies: boolean }[] = [
  { user: "+15550000001", body: "hello", replies: true },
  { user: "+15550000001", body: "What time do u open?", replies: true },
  { user: "+15550000001", body: "opening hours", replies: true },
  { user: "+15550000002", body: "Opening hours!", replies: true },
  { user: "+15550000002", body: "pizza", replies: true },
  { user: "+15550000002", body: "medium", replies: true },
  { user: "+15550000003", body: "quiz", replies: true },
  { user: "+15550000003", body: "maybe", replies: false },
  // This user opts out afterwards: their texts are left out of the missed messages.
  { user: "+15550000004", body: "opening hours", replies: true },
  { user: "+15550000004", body: "STOP", replies: false },
];

/** What `missed` must list: normalised text, count, how many nothing answered, the users. */
export const EXPECTED_MISSED = [
  { text: "maybe", count: 1, unanswered: 1, users: ["+15550000003"] },
  { text: "medium", count: 1, unanswered: 0, users: ["+15550000002"] },
  { text: "opening hours", count: 2, unanswered: 0, users: ["+15550000001", "+15550000002"] },
  { text: "what time do u open", count: 1, unanswered: 0, users: ["+15550000001"] },
];

/** What `triggers` must show: hits per trigger (topic, text), 0 for the never-fired ones. */
export const EXPECTED_HITS: Record<string, number> = {
  "default|*": 4,
  "default|hello": 1,
  "default|pizza": 1,
  "default|quiz": 1,
  "default|[what] time do you open": 0,
  "order|*": 1,
  "order|large": 0,
  "quiz|yes": 0,
};
