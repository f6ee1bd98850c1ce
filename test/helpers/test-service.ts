import type { StorageKind } from "../../src/storage/storage-areas.js";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { MongoClient } from "mongodb";
import { inject } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Config } from "../../src/config/config.js";
import type { WebhookSettings } from "../../src/webhooks/settings.js";
import type { UploadLimits } from "../../src/media/inspect-upload.js";
import type { AuthSettings } from "../../src/auth/settings.js";
import type { BulkLimits } from "../../src/bulk/jobs/bulk-jobs.js";
import { startService, type RunningService } from "../../src/server.js";
import { testDatabaseUri } from "./test-database.js";
import { defaultProtectionSettings, type ProtectionSettings } from "../../src/protection/settings.js";
import type { PushDelivery } from "../../src/feeds/push-delivery.js";

export interface TestService extends RunningService {
  /** An HTTP request to the service; path starts with "/". Tests go through this, not bare fetch, so every request carries what the service asks of callers. */
  request(path: string, init?: RequestInit): Promise<Response>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** The admin key this service created on its empty database; request and gql send it. */
  adminKey: string;
  /** The service's DATA_DIR, a fresh temporary folder. */
  dataDir: string;
  /** request and gql as another caller: an API key, or null for an anonymous caller. */
  requestAs(token: string | null, path: string, init?: RequestInit): Promise<Response>;
  gqlAs<T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

export interface GraphQLResponse<T> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string }; path?: string[] }>;
}

/** A real service on a random port with a database of its own; dropped again by stop(). */
export interface TestServiceOptions {
  seedDemo?: boolean;
  monitorCommands?: boolean;
  /** Background feed runs add load and database commands; only tests about feed delivery want them. */
  generateFeeds?: boolean;
  /** Webhook tests shrink the retry delays and attempts. */
  webhooks?: Partial<WebhookSettings>;
  /** Hardening tests tighten limits to reach them cheaply. */
  protection?: Partial<ProtectionSettings>;
  /** A database server of the test's own (outage tests stop it), instead of the run's shared one. */
  mongoServerUri?: string;
  /** Where media and feed files go; disk unless a test is about shared storage. */
  storage?: StorageKind;
  /** Media tests lower the upload limits. */
  media?: Partial<UploadLimits>;
  /** Anonymous access and rate limits. */
  auth?: Partial<AuthSettings>;
  /** Import upload and parser limits. */
  bulk?: Partial<BulkLimits>;
  pushDeliveries?: ReadonlyMap<string, PushDelivery>;
}

/**
 * Gives a test database and DATA_DIR the demo catalog by copying the run's template (test/setup/global-setup.ts),
 * which the write path loaded once: loading it again for every test service cost 4–5 s each. API keys
 * are left out, so the service creates its own first admin key.
 */
export async function copyDemoTemplate(databaseUri: string, dataDir: string): Promise<void> {
  const template = inject("demoTemplate");
  const client = new MongoClient(databaseUri);
  try {
    await client.connect();
    const source = client.db(template.database);
    const target = client.db();
    for (const { name } of await source.listCollections({}, { nameOnly: true }).toArray()) {
      if (name.startsWith("system.") || name === "api_keys" || name === "auth_audit") continue;
      const documents = await source.collection(name).find().toArray();
      if (documents.length > 0) await target.collection(name).insertMany(documents, { ordered: false });
    }
  } finally {
    await client.close();
  }
  await cp(join(template.dataDir, "media"), join(dataDir, "media"), { recursive: true });
}

/** A test service's configuration: quiet, on a random port, with private webhook targets allowed. */
export function testConfig(mongodbUri: string, dataDir: string, options: TestServiceOptions = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    mongodbUri,
    dataDir,
    logLevel: "silent",
    seedDemo: options.seedDemo ?? false,
    generateFeeds: options.generateFeeds ?? false,
    storage: options.storage ?? "disk",
    // Test receivers listen on 127.0.0.1, which production refuses as a webhook target.
    webhooks: { allowPrivateTargets: true, ...options.webhooks },
    protection: { ...defaultProtectionSettings(process.env.NODE_ENV), ...options.protection },
    media: options.media,
    auth: options.auth,
    bulk: options.bulk,
    feeds: options.pushDeliveries ? { pushDeliveries: options.pushDeliveries } : undefined,
  };
}

export async function startTestService(label: string, options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), "pim-test-"));
  const mongodbUri = testDatabaseUri(label, options.mongoServerUri);
  // A test server of its own (outage tests) has no template on it: such a service loads the demo itself.
  if (options.seedDemo && !options.mongoServerUri) await copyDemoTemplate(mongodbUri, dataDir);
  const config = testConfig(mongodbUri, dataDir, options);
  const service = await startService(config, pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }), { monitorCommands: options.monitorCommands ?? false });
  const adminKey = service.initialAdminKey;
  if (!adminKey) throw new Error(`the test database ${label} already had API keys; every test service starts on a fresh one`);
  const requestAs = (token: string | null, path: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (token !== null && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
    return fetch(`${service.url}${path}`, { ...init, headers });
  };
  const gqlAs = async <T>(token: string | null, query: string, variables?: Record<string, unknown>) => {
    const response = await requestAs(token, "/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: GraphQLResponse<T>["errors"] };
    return { status: response.status, data: body.data, errors: body.errors };
  };
  return {
    ...service,
    stop: async () => {
      await service.feeds.stop();
      await service.webhooks.stop();
      await service.connection.dropDatabase();
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    adminKey,
    dataDir,
    requestAs,
    gqlAs,
    request: (path, init) => requestAs(adminKey, path, init),
    gql: <T>(query: string, variables?: Record<string, unknown>) => gqlAs<T>(adminKey, query, variables),
  };
}
