import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-queries", { seedDemo: true });
});
afterAll(async () => service?.stop());

interface Page {
  products: { totalCount: number; edges: Array<{ cursor: string; node: { sku: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const listQuery = `query($first: Int!, $after: String, $filter: ProductFilterInput, $sort: ProductSortInput) {
  products(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount edges { cursor node { sku } } pageInfo { hasNextPage endCursor }
  }
}`;

async function skus(filter: Record<string, unknown>, sort?: Record<string, unknown>): Promise<string[]> {
  const { data, errors } = await service.gql<Page>(listQuery, { first: 500, filter, sort });
  expect(errors).toBeUndefined();
  expect(data.products.totalCount).toBe(data.products.edges.length);
  return data.products.edges.map((e) => e.node.sku);
}

async function error(filter: Record<string, unknown>): Promise<string | undefined> {
  const { errors } = await service.gql(listQuery, { first: 10, filter });
  return errors?.[0]?.extensions?.code as string | undefined;
}

describe("keyset pagination", () => {
  it("walks every product exactly once while others are inserted between pages", async () => {
    const all = await skus({});
    const seen: string[] = [];
    let after: string | null = null;
    let pageNumber = 0;
    do {
      const response: { data: Page } = await service.gql<Page>(listQuery, { first: 7, after });
      seen.push(...response.data.products.edges.map((e) => e.node.sku));
      after = response.data.products.pageInfo.hasNextPage ? response.data.products.pageInfo.endCursor : null;
      pageNumber += 1;
      await service.gql(`mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
        input: { sku: `AAA-INSERTED-${pageNumber}`, family: "home" },
      });
    } while (after);
    expect(seen.filter((sku) => !sku.startsWith("AAA-INSERTED"))).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("pages the same way by update time and by an attribute, in both directions", async () => {
    for (const sort of [
      { field: "UPDATED_AT", direction: "DESC" },
      { field: "ATTRIBUTE", attribute: "name", locale: "en_US", direction: "ASC" },
      { field: "ATTRIBUTE", attribute: "warranty_months", direction: "DESC" },
    ]) {
      const whole = await skus({}, sort);
      const paged: string[] = [];
      let after: string | null = null;
      do {
        const response: { data: Page } = await service.gql<Page>(listQuery, { first: 9, after, sort });
        paged.push(...response.data.products.edges.map((e) => e.node.sku));
        after = response.data.products.pageInfo.hasNextPage ? response.data.products.pageInfo.endCursor : null;
      } while (after);
      expect(paged, JSON.stringify(sort)).toEqual(whole);
    }
  });

  it("refuses a forged cursor and a page larger than 500", async () => {
    const forged = await service.gql(listQuery, { first: 5, after: Buffer.from('{"v":{"$gt":""},"id":"x"}').toString("base64url") });
    expect(forged.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const huge = await service.gql(listQuery, { first: 501 });
    expect(huge.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("filters", () => {
  it("filters by category, optionally with the subtree", async () => {
    expect(await skus({ categories: ["apparel"] })).toEqual([]);
    const apparel = await skus({ categories: ["apparel"], includeSubcategories: true });
    expect(apparel.length).toBeGreaterThan(20);
    const tshirts = await skus({ categories: ["tshirts"] });
    expect(tshirts.every((sku) => apparel.includes(sku))).toBe(true);
  });

  it("filters by family and enabled", async () => {
    const disabled = await skus({ enabled: false });
    expect(disabled.sort()).toEqual(["HCO-KETTLE-GOOSE-BLK", "PKL-ARCTIC-GRN-XXL", "VOL-PB-10K"]);
    expect((await skus({ families: ["electronics"], enabled: false })).sort()).toEqual(["VOL-PB-10K"]);
  });

  it("matches attribute conditions on own and inherited values", async () => {
    const nordvik = await skus({ attributes: [{ attribute: "brand", operator: "EQUALS", value: "nordvik" }] });
    expect(nordvik).toContain("NV-CREW-NAVY-M");
    const navyOrBlack = await skus({ attributes: [{ attribute: "color", operator: "IN", values: ["navy", "black"] }] });
    expect(navyOrBlack).toContain("NV-CREW-NAVY-M");
    expect(navyOrBlack).not.toContain("BL-WRAP-BLU-L");
    const kettles = await skus({ attributes: [{ attribute: "name", locale: "en_US", operator: "CONTAINS", value: "KETTLE" }] });
    expect(kettles.length).toBeGreaterThan(0);
    expect(kettles.every((sku) => sku.includes("KETTLE"))).toBe(true);
    const longWarranty = await skus({ attributes: [{ attribute: "warranty_months", operator: "RANGE", min: 24 }] });
    const noWarranty = await skus({ attributes: [{ attribute: "warranty_months", operator: "EMPTY" }] });
    const withWarranty = await skus({ attributes: [{ attribute: "warranty_months", operator: "NOT_EMPTY" }] });
    expect(longWarranty.every((sku) => withWarranty.includes(sku))).toBe(true);
    expect(noWarranty.length + withWarranty.length).toBe((await skus({})).length);
    expect(await skus({ attributes: [{ attribute: "ean", operator: "EMPTY" }] })).toContain("CLM-THROW-WOOL-GRY");
  });

  it("filters by completeness and update time", async () => {
    const complete = await skus({ completeness: { channel: "google_shopping", locale: "en_US", min: 100 } });
    expect(complete).not.toContain("CLM-THROW-WOOL-GRY");
    expect(complete.length).toBeGreaterThan(0);
    expect(await skus({ updatedSince: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await error({ completeness: { channel: "mobile", locale: "ru_RU", min: 50 } })).toBe("BAD_USER_INPUT");
  });

  it("searches SKU and labels safely, whatever the input", async () => {
    expect(await skus({ search: "kettle" })).toEqual(expect.arrayContaining(["HCO-KETTLE-GOOSE-BLK"]));
    expect(await skus({ search: "Czajnik" })).toEqual(expect.arrayContaining(["HCO-KETTLE-GOOSE-BLK"]));
    for (const hostile of ["(.*", ".*", "[", "\\", "$where", "a|b", "^", '{"$ne":null}']) expect(await skus({ search: hostile })).toEqual([]);
    expect(await error({ search: "x".repeat(101) })).toBe("BAD_USER_INPUT");
  });

  it("never lets a filter value become a query operator", async () => {
    expect(await error({ attributes: [{ attribute: "brand", operator: "EQUALS", value: { $ne: null } }] })).toBe("BAD_USER_INPUT");
    expect(await error({ attributes: [{ attribute: "brand", operator: "IN", values: [{ $gt: "" }] }] })).toBe("BAD_USER_INPUT");
    expect(await error({ attributes: [{ attribute: "$where", operator: "NOT_EMPTY" }] })).toBe("BAD_USER_INPUT");
    expect(await error({ attributes: [{ attribute: "brand", channel: "$gt", operator: "NOT_EMPTY" }] })).toBe("BAD_USER_INPUT");
  });
});
