/** @module The runtime's Prometheus metrics: the registry, the wrappers that count at the server's edges, and the `/metrics` endpoint. */
export { createMetrics } from "./registry.ts";
export type { MetricsOptions, RuntimeMetrics, WebhookRoute } from "./registry.ts";
export { meteredConversation, meteredEnv, meteredStore, timedWebhooks } from "./instrument.ts";
export { listenMetrics, metricsHandler } from "./route.ts";
export { metricsSettingsFromEnv } from "./settings.ts";
export type { MetricsSettings } from "./settings.ts";
