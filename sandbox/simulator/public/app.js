// The phone simulator page: texts the bot through /simulator/api and follows its replies live.
const $ = (id) => document.getElementById(id);
const list = $("messages");
const messages = new Map(); // sid -> SimMessage
let phone = "";
let events = null;
let pendingTimer = null;
let countdown = null;

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)(\?|#|$)/i;
const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/g;

async function api(path, init) {
  const response = await fetch(`api/${path}`, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function showError(text) {
  $("error").textContent = text || "";
  $("error").hidden = !text;
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function textWithLinks(node, text) {
  for (const [i, piece] of text.split(URL_IN_TEXT).entries()) {
    if (i % 2 === 0) node.append(piece);
    else node.append(Object.assign(document.createElement("a"), { href: piece, textContent: piece, target: "_blank", rel: "noopener" }));
  }
}

/** Only http(s) media become images or links: a `javascript:` or `data:` URL from a bot or a sender would run on this page. */
function webUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
  } catch {
    return null;
  }
}

function mediaNode(url) {
  const parsed = webUrl(url);
  if (parsed === null)
    return Object.assign(document.createElement("span"), { className: "file unsafe", textContent: url, title: "not an http(s) URL: shown as text" });
  let name;
  try {
    name = decodeURIComponent(parsed.pathname.split("/").pop() || url);
  } catch {
    name = parsed.pathname.split("/").pop() || url;
  }
  if (IMAGE.test(url)) return Object.assign(document.createElement("img"), { src: url, alt: `Image: ${name}`, loading: "lazy" });
  const link = Object.assign(document.createElement("a"), { href: url, className: "file", download: name });
  const extension = name.includes(".") ? name.split(".").pop().toUpperCase() : "FILE";
  link.append(Object.assign(document.createElement("span"), { className: "kind", textContent: extension, ariaHidden: "true" }), name);
  return link;
}

function badge(text, className) {
  return Object.assign(document.createElement("span"), { className: `badge ${className}`, textContent: text });
}

function render(m) {
  const item = document.createElement("li");
  item.className = `bubble ${m.side}`;
  item.dataset.sid = m.sid;
  item.setAttribute("aria-label", m.side === "in" ? "You" : "Bot");
  if (m.body) {
    const text = Object.assign(document.createElement("div"), { className: "text" });
    textWithLinks(text, m.body);
    item.append(text);
  }
  if (m.mediaUrls.length > 0) {
    const media = Object.assign(document.createElement("div"), { className: "media" });
    media.append(...m.mediaUrls.map(mediaNode));
    item.append(media);
  }
  const meta = Object.assign(document.createElement("div"), { className: "meta" });
  const time = Object.assign(document.createElement("time"), { dateTime: new Date(m.createdAt).toISOString(), textContent: clock(m.createdAt) });
  const previous = [...messages.values()].filter((o) => o.createdAt <= m.createdAt && o.sid !== m.sid).pop();
  meta.append(time);
  if (previous)
    meta.append(
      Object.assign(document.createElement("span"), {
        className: "gap",
        textContent: `+${((m.createdAt - previous.createdAt) / 1000).toFixed(1)} s`,
        title: "time since the previous message",
      }),
    );
  meta.append(badge(`${m.segments} segment${m.segments === 1 ? "" : "s"} · ${m.encoding}`, m.encoding === "UCS-2" ? "segments ucs2" : "segments"));
  meta.append(badge(m.errorCode ? `${m.status} (${m.errorCode})` : m.status, `status status-${m.status}`));
  item.append(meta);
  return item;
}

function upsert(m) {
  const known = messages.get(m.sid);
  if (known && known.updatedAt > m.updatedAt) return; // a stale snapshot never moves a status back
  messages.set(m.sid, m);
  const existing = list.querySelector(`[data-sid="${m.sid}"]`);
  if (existing) {
    existing.replaceWith(render(m));
    return;
  }
  const later = [...list.querySelectorAll(".bubble")].find((node) => messages.get(node.dataset.sid).createdAt > m.createdAt);
  list.insertBefore(render(m), later || null);
  list.scrollTop = list.scrollHeight;
  if (m.side === "out") refreshPending();
}

function note(text, bad) {
  list.append(Object.assign(document.createElement("li"), { className: bad ? "note bad" : "note", textContent: text }));
  list.scrollTop = list.scrollHeight;
}

async function refreshPending() {
  clearTimeout(pendingTimer);
  clearInterval(countdown);
  let pending;
  try {
    pending = await api(`pending?phone=${encodeURIComponent(phone)}`);
  } catch {
    return;
  }
  const typing = $("typing");
  typing.hidden = !(pending.known && pending.count > 0);
  if (typing.hidden) return;
  const dueAt = Date.now() + Math.max(0, pending.nextDueAt - pending.now);
  const show = () => {
    const left = Math.ceil((dueAt - Date.now()) / 1000);
    const parts = pending.count === 1 ? "1 more part" : `${pending.count} more parts`;
    $("typing-text").textContent = left > 0 ? `Bot is typing… ${parts}, next in ${left} s` : `Bot is typing… ${parts}, sending now`;
  };
  show();
  countdown = setInterval(show, 250);
  pendingTimer = setTimeout(refreshPending, Math.max(300, dueAt - Date.now() + 300));
}

async function loadConversation() {
  const number = phone;
  const loaded = await api(`messages?phone=${encodeURIComponent(number)}`);
  if (number !== phone) return; // the user switched numbers while this was loading
  list.replaceChildren();
  messages.clear();
  for (const m of loaded) upsert(m);
}

function follow() {
  events?.close();
  events = new EventSource(`api/events?phone=${encodeURIComponent(phone)}`);
  const connection = $("connection");
  let dropped = false;
  events.onopen = () => {
    connection.textContent = "live";
    connection.className = "connection live";
    if (dropped) loadConversation().catch((e) => showError(e.message)); // catch up on what the gap missed
  };
  events.onerror = () => {
    dropped = true;
    connection.textContent = "reconnecting…";
    connection.className = "connection lost";
  };
  // A stream being closed can still deliver an event for the number the user just left.
  const number = phone;
  for (const type of ["message", "status"]) events.addEventListener(type, (e) => number === phone && upsert(JSON.parse(e.data).message));
  events.addEventListener("optOut", (e) => {
    const { optedOut } = JSON.parse(e.data);
    note(optedOut ? "You opted out: the bot can no longer text this number. Text START to opt back in." : "You opted back in.");
  });
}

async function usePhone(number) {
  phone = number;
  localStorage.setItem("simulator.phone", number);
  $("phone").value = number;
  $("thread-number").textContent = `texting from ${number}`;
  showError("");
  events?.close();
  await loadConversation();
  follow();
  refreshPending();
}

async function send(body) {
  showError("");
  try {
    const { message, webhook, keyword } = await api("send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: phone, body }),
    });
    upsert(message);
    // Opt-out and opt-in are noted when Twilio's record changes (the optOut event); the rest is said here.
    if (keyword && (keyword.type === "help" || keyword.type === "ignored-opted-out")) note(keyword.note);
    if (!webhook.ok) note(`The bot's webhook did not accept this message (${webhook.error || `HTTP ${webhook.status}`}); see the server log.`, true);
    refreshPending();
  } catch (error) {
    showError(`Not sent: ${error.message}`);
  }
}

let draftTimer = null;
function describeDraft() {
  clearTimeout(draftTimer);
  const body = $("draft").value;
  if (body === "") {
    $("draft-info").textContent = "Enter sends, Shift+Enter adds a line.";
    return;
  }
  draftTimer = setTimeout(async () => {
    const info = await api(`segments?body=${encodeURIComponent(body)}`).catch(() => null);
    if (info) $("draft-info").textContent = `${info.characters} characters · ${info.segments} segment${info.segments === 1 ? "" : "s"} · ${info.encoding}`;
  }, 150);
}

$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const body = $("draft").value;
  if (body.trim() === "") return;
  $("draft").value = "";
  describeDraft();
  send(body);
});
$("draft").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("composer").requestSubmit();
  }
});
$("draft").addEventListener("input", describeDraft);
$("phone-form").addEventListener("submit", (e) => {
  e.preventDefault();
  usePhone($("phone").value.trim()).catch((error) => showError(error.message));
  $("draft").focus();
});

// The bot can be reloaded while the page is open (bot run --watch, bot publish): say so, with the new version.
let botVersion;
async function watchVersion() {
  const { version } = await api("version").catch(() => ({ version: botVersion }));
  if (botVersion !== undefined && version !== botVersion) {
    $("reloaded").textContent = `Bot reloaded at ${clock(Date.now())}: now version ${version}. Your conversation and variables are kept.`;
    $("reloaded").hidden = false;
  }
  botVersion = version;
}
await watchVersion();
setInterval(watchVersion, 1000);

const config = await api("config");
$("bot-number").textContent = config.botNumber;
await usePhone(localStorage.getItem("simulator.phone") || config.defaultPhone).catch((error) => showError(error.message));
$("draft").focus();
