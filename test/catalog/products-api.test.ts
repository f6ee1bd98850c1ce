import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-products", { seedDemo: true });
});
afterAll(async () => service?.stop());

const update = `mutation($sku: String!, $changes: ProductChangesInput!, $expectedVersion: Int) {
  updateProduct(sku: $sku, changes: $changes, expectedVersion: $expectedVersion) { status product { version } } }`;

async function productValue(sku: string, attribute: string, locale: string | null = null, channel: string | null = null) {
  const { data } = await service.gql<{ product: { value: { data: unknown; locale: string | null; channel: string | null } | null } }>(
    `query($sku: String!, $attribute: String!, $locale: String, $channel: String) { product(sku: $sku) { value(attribute: $attribute, locale: $locale, channel: $channel) { data locale channel } } }`,
    { sku, attribute, locale, channel },
  );
  return data.product.value;
}

describe("product writes", () => {
  it("sets and clears single values without resending the product", async () => {
    const before = await service.gql<{ product: { version: number; values: unknown[] } }>(
      `{ product(sku: "CLM-VASE-GLASS-30") { version values { attribute locale channel data } } }`,
    );
    const result = await service.gql<{ updateProduct: { status: string; product: { version: number } } }>(update, {
      sku: "CLM-VASE-GLASS-30",
      changes: {
        setValues: [{ attribute: "name", locale: "pl_PL", data: "Wazon szklany 30 cm" }],
        clearValues: [{ attribute: "short_description", locale: "ru_RU", channel: "ecommerce" }],
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.updateProduct).toEqual({ status: "UPDATED", product: { version: before.data.product.version + 1 } });
    expect((await productValue("CLM-VASE-GLASS-30", "name", "pl_PL"))?.data).toBe("Wazon szklany 30 cm");
    const after = await service.gql<{ product: { values: Array<{ attribute: string; locale: string; channel: string }> } }>(
      `{ product(sku: "CLM-VASE-GLASS-30") { values { attribute locale channel data } } }`,
    );
    expect(after.data.product.values).toHaveLength(before.data.product.values.length - 1);
    expect(after.data.product.values.find((v) => v.attribute === "short_description" && v.locale === "ru_RU" && v.channel === "ecommerce")).toBeUndefined();
  });

  it("answers an update that changes nothing as unchanged, without a new version or history entry", async () => {
    const { data } = await service.gql<{ product: { version: number }; productHistory: unknown[] }>(
      `{ product(sku: "CLM-CLOCK-WALL-OAK") { version } productHistory(sku: "CLM-CLOCK-WALL-OAK") { version } }`,
    );
    const result = await service.gql<{ updateProduct: { status: string; product: { version: number } } }>(update, {
      sku: "CLM-CLOCK-WALL-OAK",
      changes: { enabled: true },
    });
    expect(result.data.updateProduct).toEqual({ status: "UNCHANGED", product: { version: data.product.version } });
    const history = await service.gql<{ productHistory: unknown[] }>(`{ productHistory(sku: "CLM-CLOCK-WALL-OAK") { version } }`);
    expect(history.data.productHistory).toHaveLength(data.productHistory.length);
  });

  it("refuses an update based on an old version with CONFLICT and the current version, overwriting nothing", async () => {
    const { data } = await service.gql<{ product: { version: number } }>(`{ product(sku: "BAL-CUSHION-45-BEI") { version } }`);
    const base = data.product.version;
    const first = await service.gql(update, {
      sku: "BAL-CUSHION-45-BEI",
      changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Editor A" }] },
      expectedVersion: base,
    });
    expect(first.errors).toBeUndefined();
    const second = await service.gql(update, {
      sku: "BAL-CUSHION-45-BEI",
      changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Editor B" }] },
      expectedVersion: base,
    });
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", currentVersion: base + 1 });
    expect((await productValue("BAL-CUSHION-45-BEI", "name", "en_US"))?.data).toBe("Editor A");
  });

  it("lets only one of many concurrent saves on the same version win", async () => {
    const { data } = await service.gql<{ product: { version: number } }>(`{ product(sku: "CLM-LAMP-DESK-LED-BLK") { version } }`);
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        service.gql(update, {
          sku: "CLM-LAMP-DESK-LED-BLK",
          changes: { setValues: [{ attribute: "name", locale: "en_US", data: `Lamp ${i}` }] },
          expectedVersion: data.product.version,
        }),
      ),
    );
    const winners = attempts.filter((a) => !a.errors);
    expect(winners).toHaveLength(1);
    expect(attempts.filter((a) => a.errors?.[0]?.extensions?.code === "CONFLICT")).toHaveLength(5);
  });

  it("bulk-upserts a batch with a result per item and never fails the whole batch for one bad item", async () => {
    const products = [
      { sku: "BULK-1", family: "home", values: [{ attribute: "name", locale: "en_US", data: "Bulk one" }] },
      { sku: "BULK-2", family: "home", values: [{ attribute: "name", locale: "en_US", data: "x".repeat(500) }] },
      { sku: "CLM-VASE-GLASS-30", family: "home", enabled: false },
      { sku: "BULK-1", family: "home" },
      { sku: "BULK-3", family: "nope" },
    ];
    const { data, errors } = await service.gql<{
      upsertProducts: Array<{ sku: string; status: string; errorCode: string | null; errors: Array<{ message: string }> }>;
    }>(`mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { sku status errorCode errors { message } } }`, { products });
    expect(errors).toBeUndefined();
    expect(data.upsertProducts.map((r) => [r.sku, r.status, r.errorCode])).toEqual([
      ["BULK-1", "CREATED", null],
      ["BULK-2", "ERROR", "BAD_USER_INPUT"],
      ["CLM-VASE-GLASS-30", "UPDATED", null],
      ["BULK-1", "ERROR", "BAD_USER_INPUT"],
      ["BULK-3", "ERROR", "BAD_USER_INPUT"],
    ]);
    expect(data.upsertProducts[3]?.errors[0]?.message).toBe("sku BULK-1 appears twice in this batch");
    const again = await service.gql<{ upsertProducts: Array<{ status: string }> }>(
      `mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { status } }`,
      { products: products.slice(0, 1) },
    );
    expect(again.data.upsertProducts[0]?.status).toBe("UNCHANGED");
  });

  it("refuses more than 1,000 products per call", async () => {
    const products = Array.from({ length: 1001 }, (_, i) => ({ sku: `TOO-MANY-${i}`, family: "home" }));
    const response = await service.gql(`mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { status } }`, { products });
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await service.gql<{ product: unknown }>(`{ product(sku: "TOO-MANY-0") { sku } }`)).data.product).toBeNull();
  });

  it("deletes a product and frees its unique values", async () => {
    const ean = (await productValue("CLM-THROW-WOOL-GRY", "ean"))?.data ?? "4006381333931";
    await service.gql(update, { sku: "CLM-THROW-WOOL-GRY", changes: { setValues: [{ attribute: "ean", data: ean }] } });
    const deleted = await service.gql<{ deleteProduct: boolean }>(`mutation { deleteProduct(sku: "CLM-THROW-WOOL-GRY") }`);
    expect(deleted.data.deleteProduct).toBe(true);
    expect((await service.gql<{ product: unknown }>(`{ product(sku: "CLM-THROW-WOOL-GRY") { sku } }`)).data.product).toBeNull();
    const reuse = await service.gql(`mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
      input: { sku: "THROW-2", family: "home", values: [{ attribute: "ean", data: ean }] },
    });
    expect(reuse.errors).toBeUndefined();
    const missing = await service.gql(`mutation { deleteProduct(sku: "CLM-THROW-WOOL-GRY") }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("history", () => {
  it("records who changed which values from what to what, and reverts as a new recorded version", async () => {
    const sku = "HIST-1";
    await service.gql(`mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
      input: { sku, family: "home", values: [{ attribute: "name", locale: "en_US", data: "First" }] },
    });
    await service.gql(update, { sku, changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Second" }], categories: ["decor"] } });
    const { data } = await service.gql<{
      productHistory: Array<{ version: number; author: string; action: string; changes: Array<{ field: string; before: unknown; after: unknown }> }>;
    }>(`{ productHistory(sku: "${sku}") { version author action at changes { field before after } } }`);
    expect(data.productHistory.map((h) => [h.version, h.action])).toEqual([
      [2, "UPDATE"],
      [1, "CREATE"],
    ]);
    const { data: me } = await service.gql<{ viewer: { keyId: string } }>(`{ viewer { keyId } }`);
    expect(data.productHistory[0]?.author).toBe(`initial admin (key ${me.viewer.keyId})`);
    expect(data.productHistory[0]?.changes).toEqual([
      { field: "categories", before: [], after: ["decor"] },
      { field: "values.name.<all_channels>.en_US", before: "First", after: "Second" },
    ]);
    const reverted = await service.gql<{ revertProduct: { product: { version: number } } }>(
      `mutation { revertProduct(sku: "${sku}", version: 1) { product { version } } }`,
    );
    expect(reverted.data.revertProduct.product.version).toBe(3);
    expect((await productValue(sku, "name", "en_US"))?.data).toBe("First");
    const after = await service.gql<{ productHistory: Array<{ action: string; changes: Array<{ field: string; after: unknown }> }> }>(
      `{ productHistory(sku: "${sku}") { action changes { field after } } }`,
    );
    expect(after.data.productHistory[0]).toEqual({
      action: "REVERT",
      changes: [
        { field: "categories", after: [] },
        { field: "values.name.<all_channels>.en_US", after: "First" },
      ],
    });
  });
});

describe("reading values", () => {
  it("inherits values from models, and a variant holds only its own level's values", async () => {
    const inherited = await productValue("NV-CREW-NAVY-M", "brand");
    expect(inherited?.data).toBe("nordvik");
    const { data } = await service.gql<{ product: { values: Array<{ attribute: string; source: string }> } }>(
      `{ product(sku: "NV-CREW-NAVY-M") { values(attributes: ["brand", "color", "size"]) { attribute source } } }`,
    );
    expect(data.product.values).toEqual([
      { attribute: "brand", source: "tshirt_nordvik_crew" },
      { attribute: "color", source: "tshirt_nordvik_crew_navy" },
      { attribute: "size", source: "NV-CREW-NAVY-M" },
    ]);
    const heavier = await service.gql(update, {
      sku: "NV-CREW-NAVY-M",
      changes: { setValues: [{ attribute: "weight", data: { amount: "0.25", unit: "KILOGRAM" } }] },
    });
    expect(heavier.errors).toBeUndefined();
    expect((await productValue("NV-CREW-NAVY-M", "weight"))?.data).toEqual({ amount: "0.25", unit: "KILOGRAM" });
    expect((await productValue("NV-CREW-NAVY-S", "weight"))?.data).not.toEqual({ amount: "0.25", unit: "KILOGRAM" });
    // The name is the root model's: a variant inherits it and cannot set its own (Akeneo's rule).
    const renamed = await service.gql(update, {
      sku: "NV-CREW-NAVY-M",
      changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Crew tee, navy M special" }] },
    });
    expect(renamed.errors?.[0]?.message).toMatch(/name belongs to the root model/);
  });

  it("resolves a value for a storefront: channel-specific, else all channels; the locale, else its fallback", async () => {
    await service.gql(`mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
      input: {
        sku: "RESOLVE-1",
        family: "home",
        values: [
          { attribute: "name", locale: "en_US", data: "English name" },
          { attribute: "description", locale: "en_US", channel: "ecommerce", data: "<p>Web</p>" },
          { attribute: "description", locale: "pl_PL", channel: "allegro", data: "<p>Rynek</p>" },
        ],
      },
    });
    expect(await productValue("RESOLVE-1", "name", "pl_PL")).toEqual({ data: "English name", locale: "en_US", channel: null });
    expect(await productValue("RESOLVE-1", "description", "pl_PL", "allegro")).toEqual({ data: "<p>Rynek</p>", locale: "pl_PL", channel: "allegro" });
    expect(await productValue("RESOLVE-1", "description", "pl_PL", "ecommerce")).toEqual({ data: "<p>Web</p>", locale: "en_US", channel: "ecommerce" });
    expect(await productValue("RESOLVE-1", "description", "ru_RU", "mobile")).toBeNull();
  });
});
