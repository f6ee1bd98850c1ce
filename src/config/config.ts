import { resolve } from "node:path";
import { staticSchemaValidator } from "../validation/json-schemas.js";
import type { WebhookSettings } from "../webhooks/settings.js";
import type { AuthSettings } from "../auth/settings.js";
import { defaultRateLimits } from "../auth/rate-limits.js";

export interface Config {
  port: number;
  host: string;
  /** Unset means the service starts and owns its embedded database. */
  mongodbUri: string | undefined;
  dataDir: string;
  logLevel: string;
  seedDemo: boolean;
  /** Whether this process keeps feed snapshots current; in a fleet, exactly one instance should. */
  generateFeeds: boolean;
  /** API keys, anonymous access and rate limits; unset parts take the defaults of src/auth/settings.ts. */
  auth?: Partial<AuthSettings>;
  /** Unset parts take the defaults of src/webhooks/settings.ts. */
  webhooks?: Partial<WebhookSettings>;
}

export class ConfigError extends Error {}

interface RawConfig {
  PORT: number;
  HOST: string;
  MONGODB_URI?: string;
  DATA_DIR: string;
  LOG_LEVEL: string;
  SEED_DEMO: "true" | "false";
  GENERATE_FEEDS: "true" | "false";
  ANONYMOUS_READ?: "true" | "false";
  INITIAL_ADMIN_KEY?: string;
  RATE_LIMIT_KEY_REQUESTS?: number;
  RATE_LIMIT_IP_REQUESTS?: number;
  RATE_LIMIT_WINDOW_SECONDS?: number;
  WEBHOOK_MAX_ATTEMPTS?: number;
  WEBHOOK_TIMEOUT_MS?: number;
  WEBHOOK_RETRY_BASE_DELAY_MS?: number;
}

const wholeNumberVariables = ["WEBHOOK_MAX_ATTEMPTS", "WEBHOOK_TIMEOUT_MS", "WEBHOOK_RETRY_BASE_DELAY_MS"] as const;

const authWholeNumberVariables = ["RATE_LIMIT_KEY_REQUESTS", "RATE_LIMIT_IP_REQUESTS", "RATE_LIMIT_WINDOW_SECONDS"] as const;

const secretVariables = new Set(["INITIAL_ADMIN_KEY"]);

const defaults = { PORT: "4000", HOST: "127.0.0.1", DATA_DIR: "./data", LOG_LEVEL: "info", SEED_DEMO: "true", GENERATE_FEEDS: "true" };

interface SchemaWithDescriptions {
  properties: Record<string, { description?: string }>;
}

/** Reads and validates the environment; a bad value throws one line naming the variable and the problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(defaults)) raw[name] = env[name] ?? fallback;
  if (env.MONGODB_URI !== undefined) raw.MONGODB_URI = env.MONGODB_URI;
  if (env.ANONYMOUS_READ !== undefined) raw.ANONYMOUS_READ = env.ANONYMOUS_READ;
  if (env.INITIAL_ADMIN_KEY !== undefined) raw.INITIAL_ADMIN_KEY = env.INITIAL_ADMIN_KEY;
  for (const name of authWholeNumberVariables) {
    const value = env[name];
    if (value !== undefined) raw[name] = /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  // The environment holds strings only; a port must be digits, not "4e3" or " 80".
  raw.PORT = /^\d{1,5}$/.test(String(raw.PORT)) ? Number(raw.PORT) : raw.PORT;
  for (const name of wholeNumberVariables) {
    const value = env[name];
    if (value !== undefined) raw[name] = /^\d{1,9}$/.test(value) ? Number(value) : value;
  }

  const validate = staticSchemaValidator<RawConfig>("config.schema.json");
  if (!validate(raw)) {
    const error = validate.errors?.[0];
    const name = error?.instancePath.slice(1) || String(error?.params.missingProperty ?? "configuration");
    const reason = (validate.schema as SchemaWithDescriptions).properties[name]?.description ?? error?.message;
    // A secret is named, never echoed: the message goes to the terminal and to logs.
    const got = secretVariables.has(name) ? "a value that is not shown" : JSON.stringify(raw[name]);
    throw new ConfigError(`Invalid configuration: ${name} ${reason} (got ${got})`);
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    mongodbUri: raw.MONGODB_URI,
    dataDir: resolve(raw.DATA_DIR),
    logLevel: raw.LOG_LEVEL,
    seedDemo: raw.SEED_DEMO === "true",
    generateFeeds: raw.GENERATE_FEEDS === "true",
    auth: {
      anonymousRead: raw.ANONYMOUS_READ === "true",
      initialAdminKey: raw.INITIAL_ADMIN_KEY,
      rateLimits: {
        keyRequests: raw.RATE_LIMIT_KEY_REQUESTS ?? defaultRateLimits.keyRequests,
        ipRequests: raw.RATE_LIMIT_IP_REQUESTS ?? defaultRateLimits.ipRequests,
        windowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS ?? defaultRateLimits.windowSeconds,
      },
    },
    webhooks: {
      ...(raw.WEBHOOK_MAX_ATTEMPTS !== undefined ? { maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS } : {}),
      ...(raw.WEBHOOK_TIMEOUT_MS !== undefined ? { timeoutMs: raw.WEBHOOK_TIMEOUT_MS } : {}),
      ...(raw.WEBHOOK_RETRY_BASE_DELAY_MS !== undefined ? { retryBaseDelayMs: raw.WEBHOOK_RETRY_BASE_DELAY_MS } : {}),
    },
  };
}
