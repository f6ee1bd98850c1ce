import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createKey } from "./keys-for-roles.js";

let service: TestService;

beforeAll(async () => {
  service = await startTestService("auth-rate-limits", { auth: { rateLimits: { keyRequests: 5, ipRequests: 3, windowSeconds: 60 } } });
});
afterAll(() => service?.stop());

const viewer = `{ viewer { name } }`;

describe("rate limits", () => {
  it("answer a flood from one key with 429 and Retry-After while other keys, and the service, carry on", async () => {
    const flooding = await createKey(service, { name: "busy shop", role: "READER" });
    const calm = await createKey(service, { name: "calm shop", role: "READER" });
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<TestService["requestAs"]>> | undefined;
    for (let i = 0; i < 8; i++) {
      const response = await service.requestAs(flooding, "/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: viewer }),
      });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const retryAfter = Number(refused?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused?.json()).toEqual({
      errors: [{ message: `Too many requests from this API key; retry in ${retryAfter} s`, extensions: { code: "TOO_MANY_REQUESTS" } }],
    });

    expect((await service.gqlAs(calm, viewer)).data).toEqual({ viewer: { name: "calm shop" } });
    expect((await service.gql(viewer)).data).toEqual({ viewer: { name: "initial admin" } });
    expect((await service.requestAs(null, "/healthz")).status).toBe(200);
  });

  it("limit failed authentications and anonymous requests per address, without locking out valid keys from it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await service.gqlAs(`pim_guess${i}${"x".repeat(40)}`, viewer)).status);
    const anonymous = await service.gqlAs(null, viewer);
    statuses.push(anonymous.status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("TOO_MANY_REQUESTS");
    const stillGuessing = await service.requestAs("pim_another-guess-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "/schema/families/home.json");
    expect(stillGuessing.status).toBe(429);
    expect(Number(stillGuessing.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await stillGuessing.json()).toMatchObject({ error: "TOO_MANY_REQUESTS" });

    const valid = await createKey(service, { name: "same address", role: "READER" });
    expect((await service.gqlAs(valid, viewer)).data).toEqual({ viewer: { name: "same address" } });
    const audited = await service.gql<{ authAudit: Array<{ reason: string }> }>(`{ authAudit(event: AUTHENTICATION_FAILED) { reason } }`);
    expect(audited.data.authAudit).toHaveLength(3);
  });
});
