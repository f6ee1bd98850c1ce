import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createKey } from "../auth/keys-for-roles.js";
import { waitForJob } from "../bulk/bulk-client.js";

let service: TestService;
let translator: string;
let reviewer: string;
let seasonalOwner: string;
let masterEditor: string;
let seasonalViewer: string;

beforeAll(async () => {
  service = await startTestService("security-editor-rights", { seedDemo: true });
  translator = await createKey(service, { name: "Polish translator", role: "EDITOR", locales: ["pl_PL"] });
  reviewer = await createKey(service, { name: "English reviewer", role: "EDITOR", viewLocales: ["en_US"] });
  seasonalOwner = await createKey(service, { name: "seasonal buyer", role: "EDITOR", categoryTrees: ["seasonal"] });
  masterEditor = await createKey(service, { name: "master copywriter", role: "EDITOR", editCategoryTrees: ["master"] });
  seasonalViewer = await createKey(service, { name: "seasonal auditor", role: "EDITOR", viewCategoryTrees: ["seasonal"] });
});
afterAll(() => service?.stop());

type Problem = { path: string[]; message: string; attribute?: string; locale?: string | null };
const update = `mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { product { version } } }`;

async function stored(sku: string) {
  return service.connection.collection("products").findOne({ _id: sku as never });
}

async function refused(token: string, query: string, variables: Record<string, unknown>): Promise<Problem[]> {
  const answer = await service.gqlAs(token, query, variables);
  expect(answer.errors?.[0]?.extensions?.code, JSON.stringify(answer)).toBe("FORBIDDEN");
  return answer.errors?.[0]?.extensions?.problems as Problem[];
}

describe("a key limited to a locale (pl_PL)", () => {
  it("may not disable, reclassify, change the family or associations of a product, each refusal naming the field and the limit", async () => {
    const created = await service.gql(
      `mutation { createProduct(input: { sku: "PLAIN-1", family: "home", categories: ["kitchen"], enabled: false }) { product { sku } } }`,
    );
    expect(created.errors).toBeUndefined();
    const before = await stored("PLAIN-1");
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ enabled: true }, "enabled"],
      [{ categories: ["phones"] }, "categories"],
      [{ family: "electronics" }, "family"],
      [{ associations: [{ type: "CROSS_SELL", products: ["VOL-CHG-65W"] }] }, "associations"],
    ];
    for (const [changes, field] of cases) {
      const problems = await refused(translator, update, { sku: "PLAIN-1", changes });
      expect(problems).toEqual([{ path: [field], message: `this key may write only pl_PL values; ${field} is the same in every locale` }]);
    }
    expect(await stored("PLAIN-1")).toEqual(before);
  });

  it("may not create, delete or revert a product, nor write a value of another locale or one shared by all", async () => {
    const create = await refused(translator, `mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
      input: { sku: "PL-ONLY-1", family: "electronics", values: [{ attribute: "name", locale: "pl_PL", channel: null, data: "Nowy" }] },
    });
    expect(create[0]?.message).toBe("this key may write only pl_PL values; creating product PL-ONLY-1 changes it in every locale");
    expect(await stored("PL-ONLY-1")).toBeNull();
    expect((await refused(translator, `mutation { deleteProduct(sku: "VOL-PB-10K") }`, {}))[0]?.message).toContain(
      "deleting product VOL-PB-10K changes it in every locale",
    );
    await service.gql(update, { sku: "VOL-PB-10K", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Power bank 10k" }] } });
    expect((await refused(translator, `mutation { revertProduct(sku: "VOL-PB-10K", version: 1) { product { version } } }`, {}))[0]).toMatchObject({
      path: ["values", "name"],
      locale: "en_US",
    });
    const values = await refused(translator, update, {
      sku: "VOL-PB-10K",
      changes: {
        setValues: [
          { attribute: "name", locale: "pl_PL", data: "Powerbank" },
          { attribute: "name", locale: "en_US", data: "x" },
        ],
        clearValues: [{ attribute: "brand" }],
      },
    });
    expect(values).toHaveLength(2);
    expect(values).toEqual(
      expect.arrayContaining([
        {
          path: ["values", "brand"],
          attribute: "brand",
          locale: null,
          channel: null,
          message: "this key may write only pl_PL values; brand without a locale is shared by every locale",
        },
        { path: ["values", "name"], attribute: "name", locale: "en_US", channel: null, message: "this key may write only pl_PL values, not en_US" },
      ]),
    );
  });

  it("writes its locale through every path: a single update, a batch (per item), and its own images' alt texts", async () => {
    const allowed = await service.gqlAs(translator, update, {
      sku: "VOL-PB-10K",
      changes: { setValues: [{ attribute: "name", locale: "pl_PL", data: "Powerbank 10 000 mAh" }] },
    });
    expect(allowed.errors).toBeUndefined();
    const batch = await service.gqlAs<{ upsertProducts: Array<{ sku: string; status: string; errors: Problem[] }> }>(
      translator,
      `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { sku status errors { path message } } }`,
      {
        p: [
          { sku: "VOL-CHG-65W", enabled: false },
          { sku: "SON-BUDS2-WHT", values: [{ attribute: "name", locale: "pl_PL", channel: null, data: "Słuchawki" }] },
        ],
      },
    );
    // A merge (the default) touches only the pl_PL name; enabled is shared by every locale.
    expect(batch.data.upsertProducts.map((r) => [r.sku, r.status])).toEqual([
      ["VOL-CHG-65W", "ERROR"],
      ["SON-BUDS2-WHT", "UPDATED"],
    ]);
    expect(batch.data.upsertProducts[0]?.errors).toContainEqual({
      path: ["enabled"],
      message: "this key may write only pl_PL values; enabled is the same in every locale",
    });
    // A replace would remove every value the item leaves out, which other locales own: refused per item, naming them.
    const replace = await service.gqlAs<{ upsertProducts: Array<{ sku: string; status: string; errors: Problem[] }> }>(
      translator,
      `mutation($p: [ProductInput!]!) { upsertProducts(products: $p, mode: REPLACE) { sku status errors { path message } } }`,
      { p: [{ sku: "SON-BUDS2-WHT", values: [{ attribute: "name", locale: "pl_PL", channel: null, data: "Słuchawki" }] }] },
    );
    expect(replace.data.upsertProducts[0]?.status).toBe("ERROR");
    expect(replace.data.upsertProducts[0]?.errors).toContainEqual({ path: ["values", "name"], message: "this key may write only pl_PL values, not en_US" });
    expect((await stored("VOL-CHG-65W"))?.enabled).toBe(true);
    const images = await service.gql<{ product: { value: { data: string[] } } }>(`{ product(sku: "VOL-PB-10K") { value(attribute: "images") { data } } }`);
    const media = await refused(
      translator,
      `mutation($assets: [ID!]!) { detachProductMedia(target: { sku: "VOL-PB-10K", attribute: "images" }, assets: $assets) { status } }`,
      { assets: images.data.product.value.data },
    );
    expect(media[0]).toMatchObject({
      path: ["values", "images"],
      message: "this key may write only pl_PL values; images without a locale is shared by every locale",
    });
    const altTexts = await refused(translator, `mutation($asset: ID!) { setMediaAltTexts(asset: $asset, altTexts: [{ locale: "en_US", text: "x" }]) { id } }`, {
      asset: images.data.product.value.data[0],
    });
    expect(altTexts[0]).toMatchObject({ path: ["altTexts", "0", "locale"], message: "this key may write only pl_PL values, not en_US" });
  });

  it("reads only its locale: label, value and completeness of another locale are refused, values list none of it", async () => {
    const asked = await service.gqlAs<{ product: { label: string | null } }>(translator, `{ product(sku: "VOL-PB-10K") { label(locale: "en_US") } }`);
    expect(asked.errors?.[0]).toMatchObject({
      extensions: { code: "FORBIDDEN", problems: [{ path: ["locale"], locale: "en_US", message: "this key may read only pl_PL values, not en_US" }] },
    });
    const own = await service.gqlAs<{
      viewer: { locales: string[]; viewLocales: string[] };
      product: { label: string; values: Array<{ locale: string | null }>; completeness: Array<{ locale: string }> };
    }>(translator, `{ viewer { locales viewLocales } product(sku: "VOL-PB-10K") { label(locale: "pl_PL") values { locale } completeness { locale } } }`);
    expect(own.errors).toBeUndefined();
    expect(own.data.viewer).toEqual({ locales: ["pl_PL"], viewLocales: [] });
    expect(own.data.product.label).toBe("Powerbank 10 000 mAh");
    expect(new Set(own.data.product.values.map((v) => v.locale))).toEqual(new Set(["pl_PL", null]));
    expect(new Set(own.data.product.completeness.map((c) => c.locale))).toEqual(new Set(["pl_PL"]));
    const history = await service.gqlAs<{ productHistory: Array<{ changes: Array<{ field: string }> }> }>(
      translator,
      `{ productHistory(sku: "VOL-PB-10K") { changes { field } } }`,
    );
    expect(history.data.productHistory.flatMap((entry) => entry.changes.map((c) => c.field)).filter((field) => field.endsWith(".en_US"))).toEqual([]);
  });

  it("a view-only locale is read but never written", async () => {
    const read = await service.gqlAs<{ product: { label: string } }>(reviewer, `{ product(sku: "VOL-PB-10K") { label(locale: "en_US") } }`);
    expect(read.data.product.label).toBe("Power bank 10k");
    const write = await refused(reviewer, update, { sku: "VOL-PB-10K", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "y" }] } });
    expect(write[0]?.message).toBe("this key may write no values; it may only read en_US");
  });
});

describe("keys limited to category trees: own, edit, view", () => {
  it("an owner classifies and disables inside its tree; an editor there changes values only; a viewer changes nothing", async () => {
    expect((await service.gqlAs(seasonalOwner, update, { sku: "VOL-PB-10K", changes: { enabled: false } })).errors).toBeUndefined();
    expect((await service.gqlAs(seasonalOwner, update, { sku: "VOL-PB-10K", changes: { enabled: true } })).errors).toBeUndefined();
    const editsValues = await service.gqlAs(masterEditor, update, {
      sku: "KES-AIR14-512",
      changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Kestrel Air 14" }] },
    });
    expect(editsValues.errors).toBeUndefined();
    const disables = await refused(masterEditor, update, { sku: "KES-AIR14-512", changes: { enabled: false } });
    expect(disables[0]).toEqual({
      path: ["enabled"],
      message: "changing enabled needs a tree this key owns; in this key's trees (owns none; edits master) it may only edit values of product KES-AIR14-512",
    });
    expect((await refused(masterEditor, `mutation { deleteProduct(sku: "KES-AIR14-512") }`, {}))[0]?.message).toContain(
      "deleting product KES-AIR14-512 needs a tree this key owns",
    );
    const viewer = await refused(seasonalViewer, update, { sku: "VOL-PB-10K", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "z" }] } });
    expect(viewer[0]?.message).toBe(
      "product VOL-PB-10K is outside what this key's trees (owns none; views seasonal) lets this key change: this key may only view it",
    );
  });

  it("an owner changes a product in its trees and is refused one outside them", async () => {
    expect(
      (await service.gqlAs(seasonalOwner, update, { sku: "VOL-PB-10K", changes: { categories: ["phones", "gifts", "summer_sale"] } })).errors,
    ).toBeUndefined();
    const outside = await refused(seasonalOwner, update, { sku: "VOL-X5-CASE-BLK", changes: { enabled: false } });
    expect(outside).toEqual([
      { path: [], message: "product VOL-X5-CASE-BLK is outside what this key's trees (owns seasonal) lets this key change: it is in none of them" },
    ]);
    expect((await stored("VOL-X5-CASE-BLK"))?.enabled).toBe(true);
  });

  it("an owner may not add a category outside its trees, take a product out of them, or create one outside them", async () => {
    const adding = await refused(seasonalOwner, update, { sku: "VOL-PB-10K", changes: { categories: ["phones", "gifts", "laptops"] } });
    expect(adding).toEqual([{ path: ["categories"], message: "laptops is outside the trees this key owns (seasonal)" }]);
    const leaving = await refused(seasonalOwner, update, { sku: "VOL-PB-10K", changes: { categories: ["phones"] } });
    expect(leaving).toEqual([{ path: ["categories"], message: "product VOL-PB-10K must stay in a category of a tree this key owns (seasonal)" }]);
    const create = `mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`;
    expect(
      (await service.gqlAs(seasonalOwner, create, { input: { sku: "GIFT-CARD-1", family: "electronics", categories: ["gifts"] } })).errors,
    ).toBeUndefined();
    const unclassified = await refused(seasonalOwner, create, { input: { sku: "GIFT-CARD-2", family: "electronics" } });
    expect(unclassified).toEqual([{ path: ["categories"], message: "product GIFT-CARD-2 must be in a category of a tree this key owns (seasonal)" }]);
    expect(await stored("GIFT-CARD-2")).toBeNull();
  });

  it("does not show products in no tree the key has a right on: not by SKU, not in lists, counts or history", async () => {
    const lookup = await service.gqlAs<{ inTree: unknown; outside: unknown }>(
      seasonalViewer,
      `{ inTree: product(sku: "VOL-PB-10K") { sku } outside: product(sku: "KES-AIR14-512") { sku } }`,
    );
    expect(lookup.data).toEqual({ inTree: { sku: "VOL-PB-10K" }, outside: null });
    const page = await service.gqlAs<{ products: { totalCount: number; edges: Array<{ node: { sku: string; categoryCodes: string[] } }> } }>(
      seasonalViewer,
      `{ products(first: 500) { totalCount edges { node { sku categoryCodes } } } }`,
    );
    const all = await service.gql<{ products: { totalCount: number } }>(`{ products { totalCount } }`);
    expect(page.data.products.totalCount).toBe(page.data.products.edges.length);
    expect(page.data.products.totalCount).toBeLessThan(all.data.products.totalCount);
    expect(page.data.products.edges.map((e) => e.node.sku)).toContain("VOL-PB-10K");
    expect(page.data.products.edges.map((e) => e.node.sku)).not.toContain("KES-AIR14-512");
    // Variants count as in the tree of their model's categories.
    expect(page.data.products.edges.map((e) => e.node.sku)).toContain("PKL-ARCTIC-GRN-M");
    expect(
      (await service.gqlAs<{ productHistory: unknown[] }>(seasonalViewer, `{ productHistory(sku: "KES-AIR14-512") { version } }`)).data.productHistory,
    ).toEqual([]);
  });
});

describe("imports by a limited key", () => {
  it("reject the rows outside the key's limits with the reason, and save the rest", async () => {
    const csv = ["sku;name-pl_PL;enabled", "HCO-KETTLE-17-STL;Czajnik 1,7 l;", "HCO-KNIFE-CHEF-20;Nóż;0"].join("\n");
    const response = await service.requestAs(translator, "/imports?format=csv", { method: "POST", body: csv });
    expect(response.status).toBe(202);
    const job = await waitForJob(service, ((await response.json()) as { id: string }).id);
    expect(job.report).toMatchObject({ updated: 1, rejected: 1 });
    expect(job.report?.problems).toEqual([
      { row: 3, sku: "HCO-KNIFE-CHEF-20", column: "enabled", message: "this key may write only pl_PL values; enabled is the same in every locale" },
    ]);
    expect((await stored("HCO-KNIFE-CHEF-20"))?.enabled).toBe(true);
    expect((await stored("HCO-KETTLE-17-STL"))?.values.name["<all_channels>"].pl_PL).toBe("Czajnik 1,7 l");
  });

  it("may not export: a catalog export holds every locale and tree", async () => {
    const answer = await service.gqlAs(translator, `mutation { startExport(input: { format: CSV }) { id } }`);
    expect(answer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
