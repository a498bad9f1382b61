/** @module `$` HTTP calls: rendered, made through the injected fetcher before the reply is built, results kept by name. */
import type { HttpRequest, HttpResponse } from "./types.ts";
import type { RuntimeHttpCall } from "./runtime-reply.ts";
import { log, quote, type Run, type Scope } from "./run.ts";
import { encodeUrlValue, renderText } from "./render/render.ts";

/** Inside the JSON options, inserted values are escaped as JSON string content. */
const jsonValue = (value: string): string => JSON.stringify(value).slice(1, -1);

export async function runHttpCalls(run: Run, scope: Scope, calls: readonly RuntimeHttpCall[]): Promise<void> {
  for (const call of calls) {
    const url = (await renderText(run, { ...scope, escape: encodeUrlValue }, call.url)).trim();
    const request: HttpRequest = { method: call.method, url, headers: {} };
    if (call.options !== null) {
      const optionsText = await renderText(run, { ...scope, escape: jsonValue }, call.options);
      applyOptions(run, request, optionsText);
    }
    let response: HttpResponse;
    try {
      response = await run.env.fetcher(request);
    } catch (error) {
      response = { status: 0, text: "", error: error instanceof Error ? error.message : String(error) };
    }
    if (response.status === 0 || response.status >= 400) {
      const reason = response.status === 0 ? (response.error ?? "no response") : `status ${response.status}`;
      log(run, "RUN005", { method: call.method, url: quote(url, 200), reason });
    }
    scope.http.set(call.name, { status: response.status, text: response.text, json: parseJson(response.text) });
  }
}

function applyOptions(run: Run, request: HttpRequest, optionsText: string): void {
  let options: unknown;
  try {
    options = JSON.parse(optionsText);
  } catch (error) {
    log(run, "RUN006", { method: request.method, url: quote(request.url, 200), reason: (error as Error).message });
    return;
  }
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    log(run, "RUN006", { method: request.method, url: quote(request.url, 200), reason: "not an object" });
    return;
  }
  const { headers, body } = options as { headers?: unknown; body?: unknown };
  if (headers !== null && typeof headers === "object") {
    for (const [name, value] of Object.entries(headers)) request.headers[name] = String(value);
  }
  if (body === undefined || body === null) return;
  if (typeof body === "string") {
    request.body = body;
    return;
  }
  request.body = JSON.stringify(body);
  const hasType = Object.keys(request.headers).some((name) => name.toLowerCase() === "content-type");
  if (!hasType) request.headers["Content-Type"] = "application/json";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
