import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createKey } from "./keys-for-roles.js";

let service: TestService;
let translator: string;
let seasonal: string;

beforeAll(async () => {
  service = await startTestService("auth-editor-limits", { seedDemo: true });
  translator = await createKey(service, { name: "Polish translator", role: "editor", locales: ["pl_PL"] });
  seasonal = await createKey(service, { name: "seasonal buyer", role: "editor", categoryTrees: ["seasonal"] });
});
afterAll(() => service?.stop());

const update = `mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { product { version } } }`;
type Problem = { path: string[]; message: string; attribute?: string; locale?: string | null };

async function nameIn(sku: string, locale: string): Promise<unknown> {
  const { data } = await service.gql<{ product: { values: Array<{ locale: string | null; data: unknown }> } }>(`{ product(sku: "${sku}") { values(attributes: ["name"]) { locale data } } }`);
  return data.product.values.find((v) => v.locale === locale)?.data;
}

describe("an editor key limited to locales", () => {
  it("writes values in its locales and is refused others, naming the field and the reason; nothing is written", async () => {
    const allowed = await service.gqlAs(translator, update, { sku: "VOL-PB-10K", changes: { setValues: [{ attribute: "name", locale: "pl_PL", data: "Powerbank 10 000 mAh" }] } });
    expect(allowed.errors).toBeUndefined();
    expect(await nameIn("VOL-PB-10K", "pl_PL")).toBe("Powerbank 10 000 mAh");

    const before = await nameIn("VOL-PB-10K", "en_US");
    const refused = await service.gqlAs(translator, update, {
      sku: "VOL-PB-10K",
      changes: { setValues: [{ attribute: "name", locale: "pl_PL", data: "Inna nazwa" }, { attribute: "name", locale: "en_US", data: "Other name" }], clearValues: [{ attribute: "brand" }] },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.errors?.[0]?.extensions?.problems as Problem[]).toEqual([
      { path: ["changes", "setValues", "1", "locale"], attribute: "name", locale: "en_US", message: "this key may write only pl_PL values, not en_US" },
      { path: ["changes", "clearValues", "0", "locale"], attribute: "brand", locale: null, message: "this key may write only pl_PL values; brand without a locale is shared by every locale" },
    ]);
    expect(await nameIn("VOL-PB-10K", "en_US")).toBe(before);
    expect(await nameIn("VOL-PB-10K", "pl_PL")).toBe("Powerbank 10 000 mAh");
  });

  it("may not delete, revert or replace a whole product, which would touch every locale", async () => {
    const deleted = await service.gqlAs(translator, `mutation { deleteProduct(sku: "VOL-PB-10K") }`);
    expect(deleted.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(deleted.errors?.[0]?.message).toContain("this change touches values in every locale");
    const upsert = await service.gqlAs(translator, `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { status } }`, {
      p: [{ sku: "VOL-PB-10K", family: "electronics", values: { name: [{ locale: "pl_PL", channel: null, data: "X" }] } }],
    });
    expect((upsert.errors?.[0]?.extensions?.problems as Problem[])[0]).toMatchObject({ path: ["products", "0"], message: expect.stringContaining("use updateProduct with setValues") });
    expect((await service.gql(`{ product(sku: "VOL-PB-10K") { sku } }`)).data).toEqual({ product: { sku: "VOL-PB-10K" } });
  });

  it("reads only values in its locales and those shared by all locales, and says so in viewer", async () => {
    const { data } = await service.gqlAs<{ viewer: { locales: string[] }; product: { values: Array<{ attribute: string; locale: string | null }>; en: unknown; pl: unknown } }>(
      translator,
      `{ viewer { locales } product(sku: "VOL-PB-10K") { values { attribute locale } en: value(attribute: "name", locale: "en_US") { data } pl: value(attribute: "name", locale: "pl_PL") { data } } }`,
    );
    expect(data.viewer.locales).toEqual(["pl_PL"]);
    const locales = new Set(data.product.values.map((v) => v.locale));
    expect(locales).toEqual(new Set(["pl_PL", null]));
    expect(data.product.en).toBeNull();
    expect(data.product.pl).toEqual({ data: "Powerbank 10 000 mAh" });
    const asAdmin = await service.gql<{ product: { values: Array<{ locale: string | null }> } }>(`{ product(sku: "VOL-PB-10K") { values { locale } } }`);
    expect(asAdmin.data.product.values.some((v) => v.locale === "en_US")).toBe(true);
  });
});

describe("an editor key limited to category trees", () => {
  it("changes a product in its trees and is refused one outside them with the reason", async () => {
    const inside = await service.gqlAs(seasonal, update, { sku: "VOL-PB-10K", changes: { categories: ["phones", "gifts", "summer_sale"] } });
    expect(inside.errors).toBeUndefined();
    const outside = await service.gqlAs(seasonal, update, { sku: "VOL-X5-CASE-BLK", changes: { enabled: false } });
    expect(outside.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(outside.errors?.[0]?.extensions?.problems).toEqual([{ path: ["changes"], message: "outside this key's category trees (seasonal), so this key may not change it" }]);
    expect((await service.gql<{ product: { enabled: boolean } }>(`{ product(sku: "VOL-X5-CASE-BLK") { enabled } }`)).data.product.enabled).toBe(true);
  });

  it("may not add a category outside its trees, nor take a product out of them", async () => {
    const adding = await service.gqlAs(seasonal, update, { sku: "VOL-PB-10K", changes: { categories: ["phones", "gifts", "laptops"] } });
    expect(adding.errors?.[0]?.extensions?.problems).toEqual([{ path: ["changes", "categories"], message: "laptops is outside this key's category trees (seasonal)" }]);
    const leaving = await service.gqlAs(seasonal, update, { sku: "VOL-PB-10K", changes: { categories: ["phones"] } });
    expect(leaving.errors?.[0]?.extensions?.problems).toEqual([{ path: ["changes", "categories"], message: "must be in a category of this key's trees (seasonal)" }]);
  });

  it("creates products only inside its trees", async () => {
    const create = `mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`;
    const inTree = await service.gqlAs(seasonal, create, { input: { sku: "GIFT-CARD-1", family: "electronics", categories: ["gifts"] } });
    expect(inTree.errors).toBeUndefined();
    const noCategory = await service.gqlAs(seasonal, create, { input: { sku: "GIFT-CARD-2", family: "electronics" } });
    expect(noCategory.errors?.[0]?.extensions?.problems).toEqual([{ path: ["input", "categories"], message: "must be in a category of this key's trees (seasonal)" }]);
    expect((await service.gql(`{ product(sku: "GIFT-CARD-2") { sku } }`)).data).toEqual({ product: null });
  });
});
