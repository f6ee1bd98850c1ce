import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createFormatError } from "../../src/graphql/format-error.js";
import { requestDeadline } from "../../src/protection/request-deadline.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

let development: TestService;
let production: TestService;
beforeAll(async () => {
  [development, production] = await Promise.all([
    startTestService("http-policies-dev", { protection: { introspection: true, landingPage: true, corsOrigins: ["https://shop.example"] } }),
    startTestService("http-policies-prod", { protection: { introspection: false, landingPage: false } }),
  ]);
});
afterAll(async () => Promise.all([development?.stop(), production?.stop()]));

const introspection = "{ __schema { queryType { name } } }";

describe("security headers", () => {
  it.each([
    ["/healthz", undefined],
    ["/readyz", undefined],
    ["/no/such/route", undefined],
    ["/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ locales { code } }" }) }],
  ] as Array<[string, RequestInit | undefined]>)("are on the answer to %s", async (path, init) => {
    const response = await production.request(path, init);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("keep the strict Content-Security-Policy on the development explorer page, which a browser opens without a key and which loads everything from the service", async () => {
    const page = await development.requestAs(null, "/graphql", { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html/i);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) {
      expect(source).toMatch(/^\/graphiql\//);
      const asset = await development.requestAs(null, source);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
    }
    // The page is open; an operation is not.
    const anonymous = await development.requestAs(null, "/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ locales { code } }" }),
    });
    expect(anonymous.status).toBe(401);
    // Not an asset: it goes on to authentication like any other path.
    expect((await development.requestAs(null, "/graphiql/constructor")).status).toBe(401);
  });
});

describe("CSRF prevention", () => {
  it("refuses a POST a browser could send cross-site without a preflight", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await development.request("/graphql", {
        method: "POST",
        headers: { "content-type": contentType },
        body: JSON.stringify({ query: "{ locales { code } }" }),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/CSRF/);
    }
  });

  it("refuses a GET operation without a header that forces a preflight", async () => {
    const response = await development.request(`/graphql?query=${encodeURIComponent("{ locales { code } }")}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});

describe("CORS", () => {
  it("gives no cross-origin access by default", async () => {
    const preflight = await production.request("/graphql", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await production.request("/healthz", { headers: { origin: "https://evil.example" } });
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allows exactly the configured origins", async () => {
    const allowed = await development.request("/graphql", {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("content-type");
    const other = await development.request("/graphql", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("development and production", () => {
  it("answers introspection in development and refuses it in production", async () => {
    const open = await development.gql<{ __schema: { queryType: { name: string } } }>(introspection);
    expect(open.data.__schema.queryType.name).toBe("Query");
    const closed = await production.gql(introspection);
    expect(closed.status).toBe(400);
    expect(closed.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
  });

  it("serves no explorer page in production", async () => {
    const page = await production.request("/graphql", { headers: { accept: "text/html" } });
    expect(page.status).toBe(400);
    expect(await page.text()).not.toMatch(/<html/i);
    expect((await production.requestAs(null, "/graphql", { headers: { accept: "text/html" } })).status).toBe(401);
    expect((await production.requestAs(null, "/graphiql/graphiql.js")).status).toBe(401);
  });

  it("never sends stack traces, and in production does not suggest field names", async () => {
    for (const service of [development, production]) {
      const invalid = await service.gql("{ product(sku: 1) { skux } }");
      expect(JSON.stringify(invalid.errors)).not.toMatch(/stacktrace|\.ts:|\.js:/);
    }
    const hinted = await development.gql("{ locales { cod } }");
    expect(hinted.errors?.[0]?.message).toMatch(/Did you mean "code"/);
    const unhinted = await production.gql("{ locales { cod } }");
    expect(unhinted.errors?.[0]?.message).toBe('Cannot query field "cod" on type "Locale".');
  });

  it("turns introspection and the landing page off when NODE_ENV=production, unless configured", () => {
    expect(loadConfig({ NODE_ENV: "production" }).protection).toMatchObject({ introspection: false, landingPage: false, corsOrigins: [] });
    expect(loadConfig({}).protection).toMatchObject({ introspection: true, landingPage: true });
    expect(loadConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" }).protection).toMatchObject({ introspection: true, landingPage: false });
    expect(loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).protection?.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(loadConfig({ GRAPHQL_MAX_DEPTH: "20", MAX_IN_FLIGHT_REQUESTS: "8" }).protection).toMatchObject({ maxDepth: 20, maxInFlightRequests: 8 });
    expect(() => loadConfig({ GRAPHQL_MAX_COST: "lots" })).toThrow(/GRAPHQL_MAX_COST must be a whole number/);
    expect(() => loadConfig({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
  });
});

describe("unexpected errors", () => {
  it("are masked for the caller and logged with the request id", () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "error" }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const format = createFormatError(logger);
    const internal = new Error("connect ECONNREFUSED mongodb://admin:hunter2@db.internal:27017");
    let formatted: unknown;
    const response = { once: () => undefined, headersSent: false, locals: {} };
    requestDeadline(1_000, () => undefined)({ id: "req-42" } as never, response as never, () => {
      formatted = format(
        { message: internal.message, path: ["product"], extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at secret.ts:1"] } },
        internal,
      );
    });
    expect(formatted).toEqual({
      message: "Internal server error",
      path: ["product"],
      locations: undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-42" },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: "req-42", msg: "unexpected error in GraphQL operation", err: { message: internal.message } });
  });
});
