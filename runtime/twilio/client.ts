/** @module The one way the product builds a Twilio REST client, for real Twilio or a local base URL (the emulator). */
import twilio from "twilio";

export type TwilioClient = twilio.Twilio;
type RequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where to send REST requests instead of `https://*.twilio.com`, e.g. `http://127.0.0.1:4010`.
   * Absent: real Twilio, unchanged.
   */
  baseUrl?: string;
  /** Request timeout in ms (twilio-node's default is 30000). */
  timeoutMs?: number;
  /** Let twilio-node retry 429 responses itself (full-jitter backoff). Off by default: the outbox owns retries. */
  autoRetry?: boolean;
  maxRetries?: number;
}

/** Any Twilio API host, so that with a base URL no request can leave for the real Twilio. */
const TWILIO_ORIGIN = /^https:\/\/[a-z0-9.-]*twilio\.com(?=\/|$)/i;

/**
 * twilio-node has no base-URL option; its documented extension point is a custom `httpClient`
 * (advanced-examples/custom-http-client.md). This one rewrites the origin and otherwise is the
 * library's own RequestClient, so auth, form encoding and error handling are the real code path.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, options: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(options);
    this.baseUrl = normalizeBaseUrl(baseUrl);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rewriteTwilioUri(opts.uri, this.baseUrl) });
  }
}

/** `https://api.twilio.com/2010-04-01/…` → `<baseUrl>/2010-04-01/…`; other URIs are left alone. */
export function rewriteTwilioUri(uri: string, baseUrl: string): string {
  return uri.replace(TWILIO_ORIGIN, baseUrl);
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Twilio base URL "${baseUrl}" is not a URL; expected something like http://127.0.0.1:4010`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Twilio base URL "${baseUrl}" must use http or https`);
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const { accountSid, authToken, baseUrl } = options;
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new Error(`Twilio Account SID "${accountSid}" is not valid: expected AC followed by 32 hex digits`);
  }
  if (!authToken) throw new Error("Twilio Auth Token is empty");
  const requestOptions = {
    ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
    ...(options.autoRetry !== undefined && { autoRetry: options.autoRetry }),
    ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
  };
  const httpClient = baseUrl === undefined ? new twilio.RequestClient(requestOptions) : new BaseUrlRequestClient(baseUrl, requestOptions);
  // TWILIO_EDGE/TWILIO_REGION may rename the host (api.sydney.au1.twilio.com); the rewrite covers every *.twilio.com.
  return twilio(accountSid, authToken, { httpClient });
}

/**
 * Options from the environment: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and, to use the emulator
 * or another local stand-in, TWILIO_API_BASE_URL. Null when credentials are missing.
 */
export function twilioOptionsFromEnv(env: Record<string, string | undefined>): TwilioClientOptions | null {
  const accountSid = env["TWILIO_ACCOUNT_SID"];
  const authToken = env["TWILIO_AUTH_TOKEN"];
  if (!accountSid || !authToken) return null;
  const baseUrl = env["TWILIO_API_BASE_URL"];
  return { accountSid, authToken, ...(baseUrl ? { baseUrl } : {}) };
}
