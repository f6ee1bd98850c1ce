import { resolve } from "node:path";
import { staticSchemaValidator } from "../validation/json-schemas.js";
import type { WebhookSettings } from "../webhooks/settings.js";
import { defaultProtectionSettings, type ProtectionSettings } from "../protection/settings.js";
import type { UploadLimits } from "../media/inspect-upload.js";
import type { AuthSettings } from "../auth/settings.js";
import type { BulkLimits } from "../bulk/jobs/bulk-jobs.js";
import { defaultRateLimits } from "../auth/rate-limits.js";
import type { StorageKind } from "../storage/storage-areas.js";

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
  /** Where media and feed files live; GridFS lets every process of a fleet serve them. */
  storage: StorageKind;
  /** API keys, anonymous access and rate limits; unset parts take the defaults of src/auth/settings.ts. */
  auth?: Partial<AuthSettings>;
  /** Unset parts take the defaults of src/webhooks/settings.ts. */
  webhooks?: Partial<WebhookSettings>;
  /** Limits, timeouts and browser policies; see src/protection/settings.ts. */
  protection?: ProtectionSettings;
  /** Unset parts take the defaults of src/media/media-settings.ts. */
  media?: Partial<UploadLimits>;
  /** Import upload and parser limits; unset parts take the defaults of src/bulk/jobs/bulk-jobs.ts. */
  bulk?: Partial<BulkLimits>;
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
  STORAGE?: StorageKind;
  ANONYMOUS_READ?: "true" | "false";
  INITIAL_ADMIN_KEY?: string;
  RATE_LIMIT_KEY_REQUESTS?: number;
  RATE_LIMIT_IP_REQUESTS?: number;
  RATE_LIMIT_WINDOW_SECONDS?: number;
  WEBHOOK_MAX_ATTEMPTS?: number;
  WEBHOOK_TIMEOUT_MS?: number;
  WEBHOOK_RETRY_BASE_DELAY_MS?: number;
  WEBHOOK_ALLOW_PRIVATE_TARGETS?: "true" | "false";
  GRAPHQL_INTROSPECTION?: "true" | "false";
  GRAPHQL_LANDING_PAGE?: "true" | "false";
  GRAPHQL_MAX_DEPTH?: number;
  GRAPHQL_MAX_COST?: number;
  GRAPHQL_MAX_ALIASES?: number;
  GRAPHQL_MAX_DIRECTIVES?: number;
  GRAPHQL_MAX_TOKENS?: number;
  GRAPHQL_MAX_LIST_LENGTH?: number;
  MAX_BODY_BYTES?: number;
  REQUEST_TIMEOUT_MS?: number;
  MAX_IN_FLIGHT_REQUESTS?: number;
  MAX_IN_FLIGHT_PER_ADDRESS?: number;
  HTTP_HEADERS_TIMEOUT_MS?: number;
  HTTP_BODY_TIMEOUT_MS?: number;
  CORS_ORIGINS?: string;
  MEDIA_MAX_UPLOAD_BYTES?: number;
  MEDIA_MAX_PIXELS?: number;
  IMPORT_MAX_UPLOAD_BYTES?: number;
  IMPORT_PARSER_MEMORY_MB?: number;
}

const wholeNumberVariables = [
  "WEBHOOK_MAX_ATTEMPTS",
  "WEBHOOK_TIMEOUT_MS",
  "WEBHOOK_RETRY_BASE_DELAY_MS",
  "GRAPHQL_MAX_DEPTH",
  "GRAPHQL_MAX_COST",
  "GRAPHQL_MAX_ALIASES",
  "GRAPHQL_MAX_DIRECTIVES",
  "GRAPHQL_MAX_TOKENS",
  "GRAPHQL_MAX_LIST_LENGTH",
  "MAX_BODY_BYTES",
  "REQUEST_TIMEOUT_MS",
  "MAX_IN_FLIGHT_REQUESTS",
  "MAX_IN_FLIGHT_PER_ADDRESS",
  "HTTP_HEADERS_TIMEOUT_MS",
  "HTTP_BODY_TIMEOUT_MS",
  "MEDIA_MAX_UPLOAD_BYTES",
  "MEDIA_MAX_PIXELS",
  "IMPORT_MAX_UPLOAD_BYTES",
  "IMPORT_PARSER_MEMORY_MB",
] as const;
const optionalVariables = ["STORAGE", "WEBHOOK_ALLOW_PRIVATE_TARGETS", "GRAPHQL_INTROSPECTION", "GRAPHQL_LANDING_PAGE", "CORS_ORIGINS"] as const;

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
  for (const name of optionalVariables) if (env[name] !== undefined) raw[name] = env[name];
  if (env.ANONYMOUS_READ !== undefined) raw.ANONYMOUS_READ = env.ANONYMOUS_READ;
  if (env.INITIAL_ADMIN_KEY !== undefined) raw.INITIAL_ADMIN_KEY = env.INITIAL_ADMIN_KEY;
  for (const name of authWholeNumberVariables) {
    const value = env[name];
    if (value !== undefined) raw[name] = /^\d{1,12}$/.test(value) ? Number(value) : value;
  }
  // The environment holds strings only; a port must be digits, not "4e3" or " 80".
  raw.PORT = /^\d{1,5}$/.test(String(raw.PORT)) ? Number(raw.PORT) : raw.PORT;
  for (const name of wholeNumberVariables) {
    const value = env[name];
    if (value !== undefined) raw[name] = /^\d{1,12}$/.test(value) ? Number(value) : value;
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
    // A service on its own MongoDB may be one of a fleet; the embedded database serves one process only.
    storage: raw.STORAGE ?? (raw.MONGODB_URI ? "gridfs" : "disk"),
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
      ...(raw.WEBHOOK_ALLOW_PRIVATE_TARGETS !== undefined ? { allowPrivateTargets: raw.WEBHOOK_ALLOW_PRIVATE_TARGETS === "true" } : {}),
    },
    protection: protectionSettings(raw, env.NODE_ENV),
    media: {
      ...(raw.MEDIA_MAX_UPLOAD_BYTES !== undefined ? { maxBytes: raw.MEDIA_MAX_UPLOAD_BYTES } : {}),
      ...(raw.MEDIA_MAX_PIXELS !== undefined ? { maxPixels: raw.MEDIA_MAX_PIXELS } : {}),
    },
    bulk: {
      ...(raw.IMPORT_MAX_UPLOAD_BYTES !== undefined ? { maxUploadBytes: raw.IMPORT_MAX_UPLOAD_BYTES } : {}),
      ...(raw.IMPORT_PARSER_MEMORY_MB !== undefined ? { parserMemoryMb: raw.IMPORT_PARSER_MEMORY_MB } : {}),
    },
  };
}

function protectionSettings(raw: RawConfig, nodeEnv: string | undefined): ProtectionSettings {
  const defaults = defaultProtectionSettings(nodeEnv);
  return {
    introspection: raw.GRAPHQL_INTROSPECTION === undefined ? defaults.introspection : raw.GRAPHQL_INTROSPECTION === "true",
    landingPage: raw.GRAPHQL_LANDING_PAGE === undefined ? defaults.landingPage : raw.GRAPHQL_LANDING_PAGE === "true",
    maxDepth: raw.GRAPHQL_MAX_DEPTH ?? defaults.maxDepth,
    maxCost: raw.GRAPHQL_MAX_COST ?? defaults.maxCost,
    maxAliases: raw.GRAPHQL_MAX_ALIASES ?? defaults.maxAliases,
    maxDirectives: raw.GRAPHQL_MAX_DIRECTIVES ?? defaults.maxDirectives,
    maxTokens: raw.GRAPHQL_MAX_TOKENS ?? defaults.maxTokens,
    maxListLength: raw.GRAPHQL_MAX_LIST_LENGTH ?? defaults.maxListLength,
    maxVariableDepth: defaults.maxVariableDepth,
    maxBodyBytes: raw.MAX_BODY_BYTES ?? defaults.maxBodyBytes,
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS ?? defaults.requestTimeoutMs,
    maxInFlightRequests: raw.MAX_IN_FLIGHT_REQUESTS ?? defaults.maxInFlightRequests,
    maxInFlightPerAddress: raw.MAX_IN_FLIGHT_PER_ADDRESS ?? defaults.maxInFlightPerAddress,
    headersTimeoutMs: raw.HTTP_HEADERS_TIMEOUT_MS ?? defaults.headersTimeoutMs,
    bodyTimeoutMs: raw.HTTP_BODY_TIMEOUT_MS ?? defaults.bodyTimeoutMs,
    corsOrigins: raw.CORS_ORIGINS === undefined ? defaults.corsOrigins : raw.CORS_ORIGINS.split(",").map((origin) => origin.trim()).filter((origin) => origin.length > 0),
  };
}
