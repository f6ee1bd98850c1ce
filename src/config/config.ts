import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import { projectRoot } from "../project-root.js";
import { addCustomKeywords } from "../validation/custom-keywords.js";
import type { LogFormat } from "../logger.js";
import type { WebhookSettings } from "../webhooks/settings.js";
import { defaultProtectionSettings, type ProtectionSettings } from "../protection/settings.js";
import type { UploadLimits } from "../media/inspect-upload.js";
import type { AuthSettings } from "../auth/settings.js";
import type { BulkLimits } from "../bulk/jobs/bulk-jobs.js";
import { defaultRateLimits } from "../auth/rate-limits.js";
import type { StorageKind } from "../storage/storage-areas.js";
import type { PushDelivery } from "../feeds/push-delivery.js";

export interface Config {
  port: number;
  host: string;
  /** Unset means the service starts and owns its embedded database. */
  mongodbUri: string | undefined;
  dataDir: string;
  logLevel: string;
  /** Human-readable lines or JSON lines; unset chooses by whether stdout is a terminal (see logger.ts). */
  logFormat?: LogFormat;
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
  /** Clients of marketplaces' push APIs by channel code, for a program that embeds the service (no variable sets them). */
  feeds?: { pushDeliveries?: ReadonlyMap<string, PushDelivery> };
}

export class ConfigError extends Error {}

interface VariableSchema {
  type?: string;
  description?: string;
  default?: unknown;
  "x-setting": string;
}

const configSchemaFile = "config.schema.json";
const variables = (JSON.parse(readFileSync(join(projectRoot, "schema", configSchemaFile), "utf8")) as { properties: Record<string, VariableSchema> })
  .properties;
// Its own validator: filling in defaults changes the object validated, which no other schema wants.
const configAjv = new Ajv({ strict: true, useDefaults: true });
addCustomKeywords(configAjv);
const validateVariables = configAjv.compile(JSON.parse(readFileSync(join(projectRoot, "schema", configSchemaFile), "utf8")) as object);

const secretVariables = new Set(["INITIAL_ADMIN_KEY"]);

/**
 * The environment holds strings only. A whole number must be digits ("4e3", " 80" and "" stay strings,
 * which the schema refuses) and a boolean exactly true or false; everything else is checked as given.
 */
function typed(value: string, schema: VariableSchema): unknown {
  if (schema.type === "integer") return /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (schema.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  node[last] = value;
}

/**
 * Reads and validates the environment; a bad value throws one line naming the variable and the problem.
 * schema/config.schema.json is the one description of the variables: their checks, defaults and where
 * each goes (`x-setting`); a new variable is an entry there and a row in the README.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const value = env[name];
    if (value !== undefined) raw[name] = typed(value, schema);
  }
  if (!validateVariables(raw)) {
    const error = validateVariables.errors?.[0];
    const name = error?.instancePath.slice(1) || String(error?.params.missingProperty ?? "configuration");
    const reason = variables[name]?.description ?? error?.message;
    // A secret is named, never echoed: the message goes to the terminal and to logs.
    const got = secretVariables.has(name) ? "a value that is not shown" : JSON.stringify(raw[name]);
    throw new ConfigError(`Invalid configuration: ${name} ${reason} (got ${got})`);
  }
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) setPath(settings, (variables[name] as VariableSchema)["x-setting"], value);
  const given = settings as unknown as Config & {
    auth?: { rateLimits?: Partial<AuthSettings["rateLimits"]> };
    protection?: Partial<ProtectionSettings> & { corsOrigins?: string | string[] };
  };
  const corsOrigins = given.protection?.corsOrigins;
  return {
    ...given,
    mongodbUri: given.mongodbUri,
    dataDir: resolve(given.dataDir),
    // A service on its own MongoDB may be one of a fleet; the embedded database serves one process only.
    storage: given.storage ?? (given.mongodbUri ? "gridfs" : "disk"),
    auth: { ...given.auth, anonymousRead: given.auth?.anonymousRead ?? false, rateLimits: { ...defaultRateLimits, ...given.auth?.rateLimits } },
    webhooks: given.webhooks ?? {},
    protection: {
      ...defaultProtectionSettings(env.NODE_ENV),
      ...given.protection,
      ...(typeof corsOrigins === "string"
        ? {
            corsOrigins: corsOrigins
              .split(",")
              .map((origin) => origin.trim())
              .filter((origin) => origin.length > 0),
          }
        : {}),
    },
    media: given.media ?? {},
    bulk: given.bulk ?? {},
  };
}
