import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let closed: TestService;
let open: TestService;

beforeAll(async () => {
  closed = await startTestService("auth-anonymous-off", { seedDemo: true });
  open = await startTestService("auth-anonymous-on", { auth: { anonymousRead: true } });
});
afterAll(async () => {
  await closed?.stop();
  await open?.stop();
});

describe("anonymous callers", () => {
  it("reach only the health endpoints unless anonymous reading is enabled", async () => {
    expect((await closed.requestAs(null, "/healthz")).status).toBe(200);
    expect((await closed.requestAs(null, "/readyz")).status).toBe(200);
    const graphql = await closed.gqlAs(null, `{ products { totalCount } }`);
    expect(graphql.status).toBe(401);
    expect(graphql.errors?.[0]).toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
      message: "Not authenticated: an API key is required: Authorization: Bearer <key>",
    });
    const schema = await closed.requestAs(null, "/schema/families/home.json");
    expect(schema.status).toBe(401);
    expect(await schema.json()).toMatchObject({ error: "UNAUTHENTICATED" });
    expect((await closed.requestAs(null, "/no/such/route")).status).toBe(401);
  });

  it("read product data with reader rights when ANONYMOUS_READ is on, and nothing more", async () => {
    const reads = await open.gqlAs<{ viewer: unknown; products: { totalCount: number } }>(null, `{ viewer { keyId name role } products { totalCount } }`);
    expect(reads.errors).toBeUndefined();
    expect(reads.data).toEqual({ viewer: { keyId: null, name: "anonymous", role: "READER" }, products: { totalCount: 0 } });
    const write = await open.gqlAs(null, `mutation { createProduct(input: { sku: "ANON-1" }) { product { sku } } }`);
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(write.errors?.[0]?.message).toBe("Mutation.createProduct is not allowed for an anonymous caller; it is for admin, editor");
    expect((await open.gqlAs(null, `{ apiKeys { id } }`)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await open.gqlAs(null, `{ history(kind: PRODUCT, code: "X") { version } }`)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await open.gqlAs(`pim_${"B".repeat(43)}`, `{ viewer { role } }`)).status).toBe(401);
  });
});

describe("a channel feed token", () => {
  it("reads its own channel's feed and nothing else: not another channel, not GraphQL, not other routes", async () => {
    const rotated = await closed.gql<{ rotateFeedToken: { token: string } }>(`mutation { rotateFeedToken(channel: "google_shopping") { token } }`);
    const token = rotated.data.rotateFeedToken.token;
    expect((await closed.gql(`mutation { regenerateFeed(channel: "google_shopping") { itemsWritten } }`)).errors).toBeUndefined();

    expect((await closed.requestAs(null, `/feeds/google_shopping?token=${token}`)).status).toBe(200);
    expect((await closed.requestAs(token, "/feeds/google_shopping")).status).toBe(200);
    expect((await closed.requestAs(null, `/feeds/meta_shops?token=${token}`)).status).toBe(404);
    expect((await closed.requestAs(token, "/feeds/meta_shops")).status).toBe(404);
    const graphql = await closed.gqlAs(token, `{ products { totalCount } }`);
    expect(graphql.status).toBe(401);
    expect(graphql.errors?.[0]?.message).toBe("Not authenticated: unknown API key");
    expect((await closed.requestAs(token, "/schema/families/home.json")).status).toBe(401);
  });

  it("is not replaced by an API key: an admin key opens no feed", async () => {
    expect((await closed.requestAs(null, `/feeds/google_shopping?token=${closed.adminKey}`)).status).toBe(404);
  });
});
