import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService } from "../../src/server.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { testDatabaseUri } from "../helpers/test-database.js";
import { createKey } from "./keys-for-roles.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("auth-key-lifecycle", { seedDemo: true });
});
afterAll(() => service?.stop());

const viewer = `{ viewer { keyId name role locales categoryTrees permissions } }`;
const keyFields = `id prefix name role locales categoryTrees expiresAt createdBy lastUsedAt revokedAt revokedBy`;

interface ApiKeyRow {
  id: string;
  prefix: string;
  name: string;
  role: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

async function audit(event: "AUTHENTICATION_FAILED" | "KEY_CREATED" | "KEY_REVOKED") {
  const { data } = await service.gql<{
    authAudit: Array<{ event: string; actor: string; keyId: string | null; ip: string | null; reason: string | null; at: string }>;
  }>(`query($event: AuthAuditEvent) { authAudit(first: 20, event: $event) { event actor keyId ip reason at } }`, { event });
  return data.authAudit;
}

describe("API keys", () => {
  it("shows the token once, stores only its SHA-256, and names the key in history and the audit log", async () => {
    const created = await service.gql<{ createApiKey: { token: string; key: ApiKeyRow } }>(
      `mutation { createApiKey(input: { name: "storefront", role: READER }) { token key { ${keyFields} } } }`,
    );
    expect(created.errors).toBeUndefined();
    const { token, key } = created.data.createApiKey;
    expect(token).toMatch(/^pim_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(key.prefix)).toBe(true);
    expect(key).toMatchObject({ name: "storefront", role: "READER", revokedAt: null, lastUsedAt: null });

    const stored = await service.connection.collection("api_keys").find({}).toArray();
    const hash = createHash("sha256").update(token).digest("hex");
    expect(stored.map((k) => k._id)).toContain(hash);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(await service.connection.collection("auth_audit").find({}).toArray())).not.toContain(token);

    const listed = await service.gql<{ apiKeys: ApiKeyRow[] }>(`{ apiKeys { ${keyFields} } }`);
    expect(listed.data.apiKeys.map((k) => k.name)).toEqual(["initial admin", "storefront"]);
    expect(JSON.stringify(listed.data)).not.toContain(token);

    const me = await service.gqlAs<{ viewer: Record<string, unknown> }>(token, viewer);
    expect(me.data.viewer).toMatchObject({ keyId: key.id, name: "storefront", role: "READER", locales: null, categoryTrees: null });
    const used = await service.gql<{ apiKeys: ApiKeyRow[] }>(`{ apiKeys { ${keyFields} } }`);
    expect(used.data.apiKeys.find((k) => k.id === key.id)?.lastUsedAt).not.toBeNull();

    const admin = await service.gql<{ viewer: { keyId: string } }>(viewer);
    const [entry] = await audit("KEY_CREATED");
    expect(entry).toMatchObject({
      event: "KEY_CREATED",
      actor: `initial admin (key ${admin.data.viewer.keyId})`,
      keyId: key.id,
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
  });

  it("refuses a revoked key at once, with the reason, and records who revoked it", async () => {
    const token = await createKey(service, { name: "erp", role: "INTEGRATION" });
    const me = await service.gqlAs<{ viewer: { keyId: string } }>(token, viewer);
    expect(me.data.viewer.keyId).toMatch(/^[0-9a-f]{16}$/);
    const revoked = await service.gql<{ revokeApiKey: ApiKeyRow }>(`mutation($id: ID!) { revokeApiKey(id: $id) { ${keyFields} } }`, {
      id: me.data.viewer.keyId,
    });
    expect(revoked.data.revokeApiKey.revokedAt).not.toBeNull();
    expect(revoked.data.revokeApiKey.revokedBy).toMatch(/^initial admin \(key [0-9a-f]{16}\)$/);

    const after = await service.gqlAs(token, viewer);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" }, message: "Not authenticated: the API key was revoked" });
    expect((await audit("KEY_REVOKED"))[0]).toMatchObject({ keyId: me.data.viewer.keyId });
    expect((await audit("AUTHENTICATION_FAILED"))[0]).toMatchObject({
      actor: "anonymous",
      keyId: me.data.viewer.keyId,
      reason: "POST /graphql: the API key was revoked",
    });

    const unknown = await service.gql(`mutation { revokeApiKey(id: "0000000000000000") { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses an expired key, an unknown key and a malformed header with 401 and the reason, each audited with the caller's address", async () => {
    const token = await createKey(service, { name: "short-lived", role: "READER", expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await service.gqlAs(token, viewer)).errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const expired = await service.gqlAs(token, viewer);
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.message).toBe("Not authenticated: the API key has expired");

    const unknown = await service.gqlAs(`pim_${"A".repeat(43)}`, viewer);
    expect(unknown.errors?.[0]?.message).toBe("Not authenticated: unknown API key");
    const malformed = await service.request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Basic YWRtaW46YWRtaW4=" },
      body: JSON.stringify({ query: viewer }),
    });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("www-authenticate")).toBe('Bearer realm="pim"');
    const failures = await audit("AUTHENTICATION_FAILED");
    expect(failures.slice(0, 3).map((f) => f.reason)).toEqual([
      "POST /graphql: the Authorization header must be Bearer <key>",
      "POST /graphql: unknown API key",
      "POST /graphql: the API key has expired",
    ]);
    expect(failures[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  it("refuses bad key input naming the field and the reason", async () => {
    const create = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token } }`;
    const refused = await service.gql(create, {
      input: { name: " ", role: "READER", locales: ["xx_XX"], categoryTrees: ["tshirts"], expiresAt: "2001-01-01T00:00:00Z" },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([
      { path: ["name"], message: "must be 1 to 100 characters without leading or trailing spaces" },
      { path: ["locales"], message: "only editor keys can be limited to locales or category trees" },
      { path: ["locales", "0"], message: "unknown locale xx_XX", locale: "xx_XX" },
      { path: ["categoryTrees", "0"], message: "tshirts is not the root of a category tree" },
      { path: ["expiresAt"], message: "must be in the future" },
    ]);
    // A role outside the Role enum does not get past GraphQL itself.
    const unknownRole = await service.gql(create, { input: { name: "root key", role: "root" } });
    expect(unknownRole.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknownRole.errors?.[0]?.message).toMatch(/Value "root" does not exist in "Role" enum/);
  });

  it("creates an admin key on the first start, logs its token once, and never again on the same database", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "pim-auth-"));
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        done();
      },
    });
    const config = {
      port: 0,
      host: "127.0.0.1",
      mongodbUri: testDatabaseUri("auth-first-start"),
      dataDir,
      logLevel: "info",
      seedDemo: false,
      generateFeeds: false,
      storage: "disk" as const,
    };
    try {
      const first = await startService(config, pino({ level: "info" }, sink));
      const token = first.initialAdminKey;
      await first.stop();
      expect(token).toMatch(/^pim_/);
      const announced = lines.filter((l) => String(l.msg).startsWith("INITIAL ADMIN API KEY"));
      expect(announced).toHaveLength(1);
      expect(announced[0]?.adminApiKey).toBe(token);

      const second = await startService(config, pino({ level: "info" }, sink));
      try {
        expect(second.initialAdminKey).toBeUndefined();
        expect(lines.filter((l) => String(l.msg).startsWith("INITIAL ADMIN API KEY"))).toHaveLength(1);
        const response = await fetch(`${second.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "{ viewer { role name } }" }),
        });
        expect(((await response.json()) as { data: unknown }).data).toEqual({ viewer: { role: "ADMIN", name: "initial admin" } });
        const requestLines = lines.filter((l) => l.req !== undefined);
        expect(requestLines.length).toBeGreaterThan(0);
        expect(JSON.stringify(requestLines)).not.toContain(token);
      } finally {
        await second.connection.dropDatabase();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
