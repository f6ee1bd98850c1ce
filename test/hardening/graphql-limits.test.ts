import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
const limits = { maxDepth: 8, maxCost: 5_000, maxAliases: 5, maxDirectives: 4, maxTokens: 400, maxListLength: 50, maxBodyBytes: 20_000 };

beforeAll(async () => {
  service = await startTestService("graphql-limits", { protection: limits });
});
afterAll(async () => service?.stop());

interface RawAnswer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function post(body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await service.request("/graphql", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: response.status, body: (await response.json()) as RawAnswer["body"] };
}

async function expectStillServing(): Promise<void> {
  const health = await service.request("/healthz");
  expect(health.status).toBe(200);
  const answer = await service.gql<{ locales: unknown[] }>("{ locales { code } }");
  expect(answer.errors).toBeUndefined();
  expect(answer.data.locales).toEqual([]);
}

function nested(levels: number): string {
  // product -> parent -> parent ... each level is one deeper.
  let selection = "code";
  for (let i = 0; i < levels; i += 1) selection = `parent { ${selection} }`;
  return `{ productModel(code: "m") { ${selection} } }`;
}

describe("GraphQL limits, enforced before anything runs", () => {
  it("refuses a query deeper than the depth limit, naming the limit", async () => {
    const allowed = await service.gql(nested(6));
    expect(allowed.errors).toBeUndefined();
    const refused = await service.gql(nested(12));
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "depth", maximum: 8 });
    expect(refused.errors?.[0]?.message).toMatch(/depth limit of 8 exceeded, found 14/);
    await expectStillServing();
  });

  it("counts depth through fragments too", async () => {
    const refused = await service.gql(
      `{ productModel(code: "m") { ...a } } fragment a on ProductModel { parent { ...b } } fragment b on ProductModel { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } }`,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "depth" });
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: locales { code }`).join(" ");
    const refused = await service.gql(`{ ${aliases} }`);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "aliases", maximum: 5 });
    const allowed = await service.gql(`{ ${Array.from({ length: 5 }, (_, i) => `a${i}: locales { code }`).join(" ")} }`);
    expect(allowed.errors).toBeUndefined();
    await expectStillServing();
  });

  it("refuses too many directives", async () => {
    const refused = await service.gql(`{ locales @include(if: true) @include(if: true) @include(if: true) @skip(if: false) @skip(if: false) { code } }`);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "directives", maximum: 4 });
  });

  it("stops parsing a document with too many tokens", async () => {
    const wide = `{ locales { ${Array.from({ length: 500 }, () => "code").join(" ")} } }`;
    const refused = await service.gql(wide);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "tokens", maximum: 400 });
    await expectStillServing();
  });

  it("refuses a query whose page sizes times selection cost too much, from literals and from variables", async () => {
    const selection = "edges { node { sku enabled familyCode categoryCodes values { attribute locale channel data } } }";
    const small = await service.gql(`{ products(first: 10) { ${selection} } }`);
    expect(small.errors).toBeUndefined();
    const literal = await service.gql(`{ products(first: 500) { ${selection} } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "cost", maximum: 5_000 });
    expect(literal.errors?.[0]?.message).toMatch(/would cost \d+, more than the limit of 5000/);
    const variable = await service.gql(`query($n: Int!) { products(first: $n) { ${selection} } }`, { n: 500 });
    expect(variable.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "cost" });
    await expectStillServing();
  });

  it("refuses a list in the variables longer than the list limit, and variables nested too deeply", async () => {
    const codes = Array.from({ length: 51 }, (_, i) => `c${i}`);
    const long = await service.gql(`query($codes: [String!]) { attributes(codes: $codes) { code } }`, { codes });
    expect(long.status).toBe(400);
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "listLength", maximum: 50 });
    expect(long.errors?.[0]?.message).toMatch(/\$codes has 51 items/);
    const fine = await service.gql(`query($codes: [String!]) { attributes(codes: $codes) { code } }`, { codes: codes.slice(0, 50) });
    expect(fine.errors).toBeUndefined();

    let deep: unknown = "x";
    for (let i = 0; i < 40; i += 1) deep = { a: deep };
    const nestedJson = await service.gql(`mutation($v: [ValueInput!]) { createProduct(input: { sku: "DEEP-1", values: $v }) { product { sku } } }`, {
      v: [{ attribute: "name", locale: null, channel: null, data: deep }],
    });
    expect(nestedJson.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_LIMIT_EXCEEDED", limit: "variableDepth" });
    await expectStillServing();
  });

  it("refuses a body over the size limit with 413 before parsing it", async () => {
    const answer = await post(JSON.stringify({ query: "{ locales { code } }", variables: { padding: "x".repeat(25_000) } }));
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]).toMatchObject({ message: "Request body is too large", extensions: { code: "BAD_REQUEST" } });
    await expectStillServing();
  });

  it("refuses batched operations", async () => {
    const answer = await post(JSON.stringify([{ query: "{ locales { code } }" }, { query: "{ currencies { code } }" }]));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/batch/i);
  });

  it("caps every page size argument", async () => {
    const products = await service.gql(`{ products(first: 501) { totalCount } }`);
    expect(products.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [expect.objectContaining({ path: ["first"] })] });
    const models = await service.gql(`{ productModels(first: 501) { edges { cursor } } }`);
    expect(models.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const inconsistent = await service.gql(`{ inconsistentProducts(first: 201) { productsChecked } }`);
    expect(inconsistent.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const deliveries = await service.gql(`{ webhookDeliveries(subscription: "s", first: 101) { id } }`);
    expect(deliveries.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const negative = await service.gql(`{ products(first: -1) { totalCount } }`);
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
