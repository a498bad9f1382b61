/** @module HTML helpers for the dashboard: escaping, the page frame, tables, times. No client-side build; one small stylesheet. */

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export const time = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "");

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}nav{background:#234;padding:.6em 1em}nav a{color:#fff;margin-right:1.2em;text-decoration:none}nav form.logout{display:inline;float:right;margin:0}
main{padding:1em}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}form.filters input,form.filters select{margin-right:.5em}.bar{background:#eee;height:1.2em;width:100%;max-width:40em}
.bar div{background:#2a7;height:100%}.err{color:#b00}.muted{color:#777}pre{white-space:pre-wrap;margin:0}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}`;

export function page(title: string, body: string, options: { refreshSeconds?: number } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · bot dashboard</title>
${options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ""}<style>${STYLE}</style></head>
<body><nav><a href="/dashboard">Overview</a><a href="/dashboard/users">Users</a><a href="/dashboard/messages">Messages</a><a href="/dashboard/broadcasts">Broadcasts</a><a href="/dashboard/inbox">Inbox</a><a href="/dashboard/versions">Versions</a><a href="/dashboard/charts">Charts</a><a href="/dashboard/insights/missed">Insights</a><form method="post" action="/dashboard/logout" class="logout"><button>Sign out</button></form></nav>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

export function table(headers: string[], rows: string[][], empty = "Nothing here yet."): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

export function loginPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · bot dashboard</title><style>${STYLE}</style></head>
<body><main><h1>Bot dashboard</h1><p class="err">${esc(message)}</p>
<form method="post" action="/dashboard/login"><label>Token <input type="password" name="token" autocomplete="current-password"></label> <button>Sign in</button></form></main></body></html>`;
}
