import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("http-basics");
});
afterAll(async () => service?.stop());

describe("HTTP surface", () => {
  it("answers /healthz while the process is alive", async () => {
    const response = await service.request(`/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz when the database replies", async () => {
    const response = await service.request(`/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ready" });
  });

  it("gives an unknown route a 404 JSON body", async () => {
    const response = await service.request(`/no/such/route`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ error: "NOT_FOUND" });
  });

  it("answers malformed JSON on /graphql with a GraphQL-style 400", async () => {
    const response = await service.request(`/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.message).toMatch(/Malformed JSON/);
    expect(body.errors[0]?.extensions.code).toBe("BAD_REQUEST");
  });

  it("serves GraphQL over POST and GET", async () => {
    const posted = await service.gql<{ locales: unknown[] }>("{ locales { code } }");
    expect(posted.status).toBe(200);
    expect(posted.data.locales).toEqual([]);
    const got = await service.request(`/graphql?query=${encodeURIComponent("{ currencies { code } }")}`, { headers: { "apollo-require-preflight": "true" } });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ data: { currencies: [] } });
  });

  it("gives every response a request id, keeping a caller's plain one", async () => {
    const generated = await service.request(`/healthz`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const offered = await service.request(`/healthz`, { headers: { "x-request-id": "abc-123" } });
    expect(offered.headers.get("x-request-id")).toBe("abc-123");
    const hostile = await service.request(`/healthz`, { headers: { "x-request-id": "a b\tc" } });
    expect(hostile.headers.get("x-request-id")).not.toBe("a b\tc");
  });

  it("masks unexpected errors and reports invalid queries with a code", async () => {
    const invalid = await service.gql("{ noSuchField }");
    expect(invalid.status).toBe(400);
    expect(invalid.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
