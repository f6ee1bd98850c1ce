import { resolve } from "node:path";
import { staticSchemaValidator } from "../validation/json-schemas.js";

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
}

const defaults = { PORT: "4000", HOST: "127.0.0.1", DATA_DIR: "./data", LOG_LEVEL: "info", SEED_DEMO: "true", GENERATE_FEEDS: "true" };

interface SchemaWithDescriptions {
  properties: Record<string, { description?: string }>;
}

/** Reads and validates the environment; a bad value throws one line naming the variable and the problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(defaults)) raw[name] = env[name] ?? fallback;
  if (env.MONGODB_URI !== undefined) raw.MONGODB_URI = env.MONGODB_URI;
  // The environment holds strings only; a port must be digits, not "4e3" or " 80".
  raw.PORT = /^\d{1,5}$/.test(String(raw.PORT)) ? Number(raw.PORT) : raw.PORT;

  const validate = staticSchemaValidator<RawConfig>("config.schema.json");
  if (!validate(raw)) {
    const error = validate.errors?.[0];
    const name = error?.instancePath.slice(1) || String(error?.params.missingProperty ?? "configuration");
    const reason = (validate.schema as SchemaWithDescriptions).properties[name]?.description ?? error?.message;
    throw new ConfigError(`Invalid configuration: ${name} ${reason} (got ${JSON.stringify(raw[name])})`);
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    mongodbUri: raw.MONGODB_URI,
    dataDir: resolve(raw.DATA_DIR),
    logLevel: raw.LOG_LEVEL,
    seedDemo: raw.SEED_DEMO === "true",
    generateFeeds: raw.GENERATE_FEEDS === "true",
  };
}
