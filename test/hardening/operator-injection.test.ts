import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type GraphQLResponse, type TestService } from "../helpers/test-service.js";

/**
 * Every filter and search argument of every query gets MongoDB operators, regular expressions and
 * field paths, as values and inside JSON scalars. Each must be refused with a clear code or matched
 * literally (and so find nothing in the demo catalog); none may reach the database as an operator.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService("operator-injection", { seedDemo: true });
});
afterAll(async () => service?.stop());

const hostileStrings = ["$ne", "$where", "$gt", ".*", "^", "a.b", "values.name", "$x.y", '{"$ne": null}', "this.sku != ''", "tshirts|jeans"];
const hostileObjects: unknown[] = [{ $ne: null }, { $where: "sleep(5000) || true" }, { $regex: ".*" }, { $gt: "" }, { "a.b": 1 }, ["$ne", null]];
const refusalCodes = ["BAD_USER_INPUT", "NOT_FOUND"];
const knownSku = "NV-CREW-NAVY-S";

interface Case {
  name: string;
  /** Uses $v in the place under test; its type is given by `type`. */
  query: string;
  type?: string;
  /** The answer finds nothing: what a literal match of the hostile text gives in the demo catalog. */
  empty: (data: AnyAnswer) => boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: answers of every query shape this test sends, checked field by field.
type AnyAnswer = Record<string, any>;

const isEmptyList = (list: unknown) => Array.isArray(list) && list.length === 0;
const noProducts = (data: AnyAnswer) => data.products.totalCount === 0 && isEmptyList(data.products.edges);

const stringCases: Case[] = [
  { name: "attribute(code)", query: "attribute(code: $v) { code }", empty: (d) => d.attribute === null },
  { name: "attributes(codes)", query: "attributes(codes: [$v]) { code }", empty: (d) => isEmptyList(d.attributes) },
  { name: "attributes(group)", query: "attributes(group: $v) { code }", empty: (d) => isEmptyList(d.attributes) },
  { name: "categories(parent)", query: "categories(parent: $v) { code }", empty: (d) => isEmptyList(d.categories) },
  { name: "categories(tree)", query: "categories(tree: $v) { code }", empty: (d) => isEmptyList(d.categories) },
  { name: "category(code)", query: "category(code: $v) { code }", empty: (d) => d.category === null },
  { name: "channel(code)", query: "channel(code: $v) { code }", empty: (d) => d.channel === null },
  { name: "family(code)", query: "family(code: $v) { code }", empty: (d) => d.family === null },
  { name: "familySchema(code)", query: "familySchema(code: $v)", empty: (d) => d.familySchema === null },
  { name: "familyVariants(family)", query: "familyVariants(family: $v) { code }", empty: (d) => isEmptyList(d.familyVariants) },
  { name: "feedReport(channel)", query: "feedReport(channel: $v) { channel }", empty: (d) => d.feedReport === null },
  { name: "history(code)", query: "history(kind: PRODUCT, code: $v) { version }", empty: (d) => isEmptyList(d.history) },
  { name: "product(sku)", query: "product(sku: $v) { sku }", empty: (d) => d.product === null },
  { name: "productHistory(sku)", query: "productHistory(sku: $v) { version }", empty: (d) => isEmptyList(d.productHistory) },
  { name: "productModel(code)", query: "productModel(code: $v) { code }", empty: (d) => d.productModel === null },
  { name: "productModelHistory(code)", query: "productModelHistory(code: $v) { version }", empty: (d) => isEmptyList(d.productModelHistory) },
  { name: "productModels(familyVariant)", query: "productModels(familyVariant: $v) { edges { cursor } }", empty: (d) => isEmptyList(d.productModels.edges) },
  { name: "productModels(parent)", query: "productModels(parent: $v) { edges { cursor } }", empty: (d) => isEmptyList(d.productModels.edges) },
  { name: "products(after)", query: "products(after: $v) { totalCount edges { cursor } }", empty: () => false },
  { name: "products(filter.search)", query: "products(filter: { search: $v }) { totalCount edges { cursor } }", empty: noProducts },
  {
    name: "products(filter.categories)",
    query: "products(filter: { categories: [$v], includeSubcategories: true }) { totalCount edges { cursor } }",
    empty: noProducts,
  },
  { name: "products(filter.families)", query: "products(filter: { families: [$v] }) { totalCount edges { cursor } }", empty: noProducts },
  { name: "products(filter.parent)", query: "products(filter: { parent: $v }) { totalCount edges { cursor } }", empty: noProducts },
  {
    name: "products(filter.attributes.attribute)",
    query: "products(filter: { attributes: [{ attribute: $v, operator: NOT_EMPTY }] }) { totalCount edges { cursor } }",
    empty: noProducts,
  },
  {
    name: "products(filter.attributes.locale)",
    query: 'products(filter: { attributes: [{ attribute: "name", locale: $v, operator: NOT_EMPTY }] }) { totalCount edges { cursor } }',
    empty: noProducts,
  },
  {
    name: "products(filter.attributes.channel)",
    query: 'products(filter: { attributes: [{ attribute: "name", channel: $v, operator: NOT_EMPTY }] }) { totalCount edges { cursor } }',
    empty: noProducts,
  },
  {
    name: "products(filter.attributes EQUALS value)",
    query: 'products(filter: { attributes: [{ attribute: "color", operator: EQUALS, value: $v }] }) { totalCount edges { cursor } }',
    type: "JSON!",
    empty: noProducts,
  },
  {
    name: "products(filter.attributes CONTAINS value)",
    query: 'products(filter: { attributes: [{ attribute: "name", locale: "en_US", operator: CONTAINS, value: $v }] }) { totalCount edges { cursor } }',
    type: "JSON!",
    empty: noProducts,
  },
  {
    name: "products(filter.attributes IN values)",
    query: 'products(filter: { attributes: [{ attribute: "color", operator: IN, values: [$v] }] }) { totalCount edges { cursor } }',
    type: "JSON!",
    empty: noProducts,
  },
  {
    name: "products(filter.completeness.channel)",
    query: 'products(filter: { completeness: { channel: $v, locale: "en_US", min: 0 } }) { totalCount edges { cursor } }',
    empty: noProducts,
  },
  {
    name: "products(filter.completeness.locale)",
    query: 'products(filter: { completeness: { channel: "ecommerce", locale: $v, min: 0 } }) { totalCount edges { cursor } }',
    empty: noProducts,
  },
  { name: "products(sort.attribute)", query: "products(sort: { field: ATTRIBUTE, attribute: $v }) { totalCount edges { cursor } }", empty: () => false },
  {
    name: "products(sort.locale)",
    query: 'products(sort: { field: ATTRIBUTE, attribute: "name", locale: $v }) { totalCount edges { cursor } }',
    empty: () => false,
  },
  {
    name: "products(sort.channel)",
    query: 'products(sort: { field: ATTRIBUTE, attribute: "name", channel: $v }) { totalCount edges { cursor } }',
    empty: () => false,
  },
  { name: "promotion(code)", query: "promotion(code: $v) { code }", empty: (d) => d.promotion === null },
  { name: "renderProduct(channel)", query: `renderProduct(channel: $v, sku: "${knownSku}") { status }`, empty: (d) => d.renderProduct.status === "NOT_FOUND" },
  { name: "renderProduct(sku)", query: 'renderProduct(channel: "ecommerce", sku: $v) { status }', empty: (d) => d.renderProduct.status === "NOT_FOUND" },
  {
    name: "consistencyReport(sku)",
    query: "consistencyReport(sku: $v) { found channels { channel } }",
    empty: (d) => d.consistencyReport.found === false && isEmptyList(d.consistencyReport.channels),
  },
  { name: "webhookDeliveries(subscription)", query: "webhookDeliveries(subscription: $v) { id }", type: "ID!", empty: (d) => isEmptyList(d.webhookDeliveries) },
  { name: "Product.value(attribute)", query: `product(sku: "${knownSku}") { value(attribute: $v) { data } }`, empty: (d) => d.product.value === null },
  {
    name: "Product.value(locale)",
    query: `product(sku: "${knownSku}") { value(attribute: "name", locale: $v) { data } }`,
    empty: (d) => d.product.value === null,
  },
  {
    name: "Product.values(attributes)",
    query: `product(sku: "${knownSku}") { values(attributes: [$v]) { data } }`,
    empty: (d) => isEmptyList(d.product.values),
  },
  { name: "Product.label(locale)", query: `product(sku: "${knownSku}") { label(locale: $v) }`, empty: (d) => d.product.label === knownSku },
  {
    name: "Product.completeness(channel)",
    query: `product(sku: "${knownSku}") { completeness(channel: $v) { ratio } }`,
    empty: (d) => isEmptyList(d.product.completeness),
  },
  {
    name: "Product.effectivePrice(currency)",
    query: `product(sku: "${knownSku}") { effectivePrice(currency: $v) { price } }`,
    empty: (d) => d.product.effectivePrice === null,
  },
];

function operation(testCase: Case, type = testCase.type ?? "String!"): string {
  return `query($v: ${type}) { ${testCase.query} }`;
}

function expectRefused(answer: GraphQLResponse<unknown>, label: string): void {
  expect(answer.errors, label).toBeDefined();
  for (const error of answer.errors ?? []) expect(refusalCodes, `${label}: ${error.message}`).toContain(error.extensions?.code);
}

describe("operator injection", () => {
  it("the demo catalog is there, so a payload that became an operator would find products", async () => {
    const all = await service.gql<{ products: { totalCount: number } }>("{ products { totalCount } }");
    expect(all.data.products.totalCount).toBeGreaterThan(10);
    const literal = await service.gql<{ products: { totalCount: number } }>('{ products(filter: { search: "crew" }) { totalCount } }');
    expect(literal.data.products.totalCount).toBeGreaterThan(0);
  });

  it.each(stringCases)("$name: hostile strings are refused or matched literally", async (testCase) => {
    for (const hostile of hostileStrings) {
      const answer = await service.gql<AnyAnswer>(operation(testCase), { v: hostile });
      const label = `${testCase.name} with ${JSON.stringify(hostile)}`;
      if (answer.errors) expectRefused(answer, label);
      else expect(testCase.empty(answer.data), `${label} found something: ${JSON.stringify(answer.data).slice(0, 300)}`).toBe(true);
    }
  });

  it.each(stringCases.filter((c) => !c.type?.startsWith("JSON")))(
    "$name: objects and arrays in place of a string are refused by the schema",
    async (testCase) => {
      for (const hostile of hostileObjects) {
        const answer = await service.gql(operation(testCase), { v: hostile });
        expect(answer.status, `${testCase.name} with ${JSON.stringify(hostile)}`).toBe(400);
        expect(answer.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      }
    },
  );

  it.each([
    ["EQUALS value", 'attribute: "color", operator: EQUALS, value: $v'],
    ["CONTAINS value", 'attribute: "name", locale: "en_US", operator: CONTAINS, value: $v'],
    ["IN values", 'attribute: "color", operator: IN, values: [$v]', "JSON!"],
    ["IN values (the whole list)", 'attribute: "color", operator: IN, values: $v', "[JSON!]"],
    ["RANGE min", 'attribute: "weight", operator: RANGE, min: $v'],
    ["RANGE max", 'attribute: "weight", operator: RANGE, max: $v'],
  ])("JSON condition %s: operator objects are refused naming the field", async (_name, condition, type = "JSON") => {
    for (const hostile of [...hostileObjects.filter((h) => !Array.isArray(h)), [{ $ne: null }]]) {
      const answer = await service.gql(`query($v: ${type}) { products(filter: { attributes: [{ ${condition} }] }) { totalCount } }`, { v: hostile });
      expectRefused(answer, `${condition} with ${JSON.stringify(hostile)}`);
      expect(answer.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ message: "must be a string, number or boolean" })]);
    }
  });

  it("a forged cursor cannot carry an operator", async () => {
    for (const v of [{ $ne: null }, { $gt: "" }, ["a"]]) {
      const cursor = Buffer.from(JSON.stringify({ v, id: "x" })).toString("base64url");
      const answer = await service.gql(`query($v: String) { products(after: $v, sort: { field: UPDATED_AT }) { totalCount } }`, { v: cursor });
      expectRefused(answer, JSON.stringify(v));
    }
    const idObject = Buffer.from(JSON.stringify({ v: "a", id: { $gt: "" } })).toString("base64url");
    expectRefused(await service.gql(`query($v: String) { products(after: $v) { totalCount } }`, { v: idObject }), "id object");
    for (const forged of ['{"$gt": ""}', JSON.stringify({ v: "a", id: { $gt: "" } }), JSON.stringify({ v: { $ne: null }, id: "x" })]) {
      const modelCursor = Buffer.from(forged).toString("base64url");
      expectRefused(
        await service.gql(`query($v: String) { productModels(after: $v, sort: { field: UPDATED_AT }) { edges { cursor } } }`, { v: modelCursor }),
        forged,
      );
    }
  });

  it("operator and path keys inside JSON scalars of writes are refused, and nothing is stored", async () => {
    const before = await service.gql<{ products: { totalCount: number } }>("{ products { totalCount } }");
    const payloads: unknown[] = [
      [{ attribute: "$where", locale: null, channel: null, data: "x" }],
      [{ attribute: "name.en_US", locale: null, channel: null, data: "x" }],
      [{ attribute: "name", locale: { $ne: null }, channel: null, data: "x" }],
      [{ attribute: "name", locale: "en_US", channel: { $gt: "" }, data: "x" }],
      [{ attribute: { $ne: null }, locale: "en_US", channel: null, data: "x" }],
      { name: { $set: { sku: "x" } } },
    ];
    for (const values of payloads) {
      const answer = await service.gql(
        `mutation($v: [ValueInput!]) { createProduct(input: { sku: "INJ-1", family: "clothing", values: $v }) { product { sku } } }`,
        { v: values },
      );
      expectRefused(answer, `values ${JSON.stringify(values)}`);
    }
    const labels = await service.gql(`mutation($v: JSONObject) { saveCategory(input: { code: "inj_cat", parent: "master", labels: $v }) { code } }`, {
      v: { $where: "x", "a.b": "y" },
    });
    expectRefused(labels, "category labels");
    const after = await service.gql<{ products: { totalCount: number }; product: unknown; category: unknown }>(
      '{ products { totalCount } product(sku: "INJ-1") { sku } category(code: "inj_cat") { code } }',
    );
    expect(after.data).toEqual({ products: { totalCount: before.data.products.totalCount }, product: null, category: null });
  });

  it("HTTP routes take path and query parameters literally", async () => {
    expect((await service.request("/schema/families/%24ne.json")).status).toBe(404);
    expect((await service.request("/schema/families/clothing%2E%2A.json")).status).toBe(404);
    expect((await service.requestAs(null, "/feeds/ecommerce?token[$ne]=x")).status).toBe(401);
    expect((await service.requestAs(null, "/feeds/ecommerce?token=a&token=b")).status).toBe(401);
    expect((await service.requestAs(null, "/feeds/%24ne?token=x")).status).toBe(404);
    expect((await service.request("/healthz")).status).toBe(200);
  });
});
