import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { eventually } from "../helpers/eventually.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-reference", { seedDemo: true });
});
afterAll(async () => service?.stop());

async function completeness(sku: string, channel: string) {
  const { data } = await service.gql<{ product: { completeness: Array<{ locale: string; ratio: number; missing: string[]; required: number }> } }>(
    `query($sku: String!, $channel: String!) { product(sku: $sku) { completeness(channel: $channel) { locale ratio missing required } } }`,
    { sku, channel },
  );
  return data.product.completeness;
}

describe("family schemas for integrators", () => {
  it("serves the same JSON Schema over HTTP and GraphQL, and a stock validator in strict mode compiles and applies it", async () => {
    const response = await service.request(`/schema/families/home.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/schema\+json/);
    const schema = (await response.json()) as Record<string, unknown>;
    const { data } = await service.gql<{ familySchema: unknown }>(`{ familySchema(code: "home") }`);
    expect(data.familySchema).toEqual(schema);

    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate({ sku: "X-1", family: "home", values: { name: [{ locale: "en_US", channel: null, data: "Mug" }] } })).toBe(true);
    expect(validate({ sku: "X-1", values: { name: [{ locale: "xx_XX", data: "Mug" }] } })).toBe(false);
    expect(validate({ sku: "X-1", values: { no_such_attribute: [] } })).toBe(false);
    // The service's own checks are described, not hidden in keywords a stock validator refuses.
    expect(JSON.stringify(schema)).not.toMatch(/"x-/);
    expect(validate({ sku: "X-1", values: { ean: [{ data: "not-a-gtin" }] } })).toBe(false);
  });

  it("answers 404 for a family that does not exist", async () => {
    expect((await service.request(`/schema/families/garden.json`)).status).toBe(404);
    expect((await service.request(`/schema/families/..%2Fetc.json`)).status).toBe(404);
  });
});

describe("completeness stays current", () => {
  // Requirement and channel changes can touch every product, so they are refreshed in the background, not by the save.
  it("is recomputed for the family's products when its requirements change", async () => {
    const before = await completeness("CLM-VASE-GLASS-30", "mobile");
    expect(before.every((c) => c.ratio === 100)).toBe(true);
    const { data: family } = await service.gql<{
      family: { attributeCodes: string[]; labelAttribute: string; imageAttribute: string; requirements: Array<{ channel: string; attributes: string[] }> };
    }>(`{ family(code: "home") { attributeCodes labelAttribute imageAttribute requirements { channel attributes } } }`);
    const requirements = family.family.requirements.map((r) => (r.channel === "mobile" ? { ...r, attributes: [...r.attributes, "warranty_months"] } : r));
    expect(family.family.attributeCodes).toContain("warranty_months");
    const saved = await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, {
      input: {
        code: "home",
        attributes: family.family.attributeCodes,
        labelAttribute: family.family.labelAttribute,
        imageAttribute: family.family.imageAttribute,
        requirements,
      },
    });
    expect(saved.errors).toBeUndefined();
    const after = await eventually(
      "the refreshed completeness",
      async () => {
        const entries = await completeness("CLM-VASE-GLASS-30", "mobile");
        return entries.every((entry) => entry.required === before[0]!.required + 1) ? entries : undefined;
      },
      10_000,
      100,
    );
    for (const entry of after) {
      expect(entry.required).toBe(before[0]!.required + 1);
      expect(entry.missing).toContain("warranty_months");
      expect(entry.ratio).toBeLessThan(100);
    }
    const filtered = await service.gql<{ complete: { totalCount: number }; any: { totalCount: number } }>(`{
      complete: products(filter: { search: "clm-vase-glass-30", completeness: { channel: "mobile", locale: "en_US", min: 100 } }) { totalCount }
      any: products(filter: { search: "clm-vase-glass-30", completeness: { channel: "mobile", locale: "en_US", min: 0 } }) { totalCount }
    }`);
    expect(filtered.data).toEqual({ complete: { totalCount: 0 }, any: { totalCount: 1 } });
    // The refresh ran as a background job, which operators can see.
    const jobs = await eventually(
      "the completeness job finished",
      async () => {
        const { data } = await service.gql<{ backgroundJobs: Array<{ state: string; failedAttempts: number; lastFinishedAt: string | null }> }>(
          `{ backgroundJobs(name: "completeness.refresh") { state failedAttempts lastFinishedAt } }`,
        );
        return data.backgroundJobs[0]?.state === "IDLE" ? data.backgroundJobs : undefined;
      },
      10_000,
      100,
    );
    expect(jobs).toEqual([{ state: "IDLE", failedAttempts: 0, lastFinishedAt: expect.any(String) }]);
  });

  it("is recomputed when a channel's locales change", async () => {
    expect((await completeness("BAL-CUSHION-45-BEI", "mobile")).map((c) => c.locale)).toEqual(["en_US", "pl_PL"]);
    const saved = await service.gql(
      `mutation { saveChannel(input: { code: "mobile", locales: ["en_US", "pl_PL", "ru_RU"], currencies: ["EUR", "PLN"], categoryTree: "master" }) { code } }`,
    );
    expect(saved.errors).toBeUndefined();
    const after = await eventually(
      "the refreshed completeness",
      async () => {
        const locales = (await completeness("BAL-CUSHION-45-BEI", "mobile")).map((c) => c.locale);
        return locales.length === 3 ? locales : undefined;
      },
      10_000,
      100,
    );
    expect(after).toEqual(["en_US", "pl_PL", "ru_RU"]);
  });

  it("follows a model's values to its variants", async () => {
    const before = await completeness("NV-CREW-NAVY-S", "ecommerce");
    expect(before.find((c) => c.locale === "ru_RU")?.missing).not.toContain("description");
    const { data } = await service.gql<{
      productModel: { values: Array<{ attribute: string; locale: string | null; channel: string | null; data: unknown; source: string }> };
    }>(`{ productModel(code: "tshirt_nordvik_crew") { values { attribute locale channel data source } } }`);
    // The model's own Russian descriptions, each removed with null data; its other values stay.
    const removed = data.productModel.values.filter((v) => v.source === "tshirt_nordvik_crew" && v.attribute === "description" && v.locale === "ru_RU");
    expect(removed.length).toBeGreaterThan(0);
    const values = { description: removed.map((v) => ({ locale: v.locale, channel: v.channel, data: null })) };
    const saved = await service.gql(`mutation($input: ProductModelInput!) { updateProductModel(input: $input) { version } }`, {
      input: { code: "tshirt_nordvik_crew", values },
    });
    expect(saved.errors).toBeUndefined();
    expect((await completeness("NV-CREW-NAVY-S", "ecommerce")).find((c) => c.locale === "ru_RU")?.missing).toContain("description");
  });
});

describe("categories", () => {
  it("moves a node with its subtree and refuses to delete a node that is not empty", async () => {
    const moved = await service.gql(`mutation { saveCategory(input: { code: "men", parent: "home", labels: { en_US: "Men" } }) { code ancestors } }`);
    expect(moved.errors).toBeUndefined();
    const { data } = await service.gql<{ category: { ancestors: string[] } }>(`{ category(code: "tshirts") { ancestors } }`);
    expect(data.category.ancestors).toEqual(["master", "home", "men"]);
    const refused = await service.gql(`mutation { deleteCategory(code: "men") }`);
    expect(refused.errors?.[0]?.message).toMatch(/^Category men cannot be deleted: it has \d+ child categories/);
    const leaf = await service.gql(`mutation { saveCategory(input: { code: "empty_leaf", parent: "home" }) { code } }`);
    expect(leaf.errors).toBeUndefined();
    expect((await service.gql<{ deleteCategory: boolean }>(`mutation { deleteCategory(code: "empty_leaf") }`)).data.deleteCategory).toBe(true);
  });
});

describe("attributes and locales", () => {
  it("refuses to change an attribute's type or flags once it exists", async () => {
    const refused = await service.gql(`mutation { saveAttribute(input: { code: "name", type: TEXTAREA, group: "general", localizable: true }) { code } }`);
    expect(refused.errors?.[0]?.extensions?.problems).toContainEqual(
      expect.objectContaining({ path: ["type"], message: expect.stringContaining("type cannot change once the attribute exists") }),
    );
  });

  it("refuses a fallback loop between locales", async () => {
    const refused = await service.gql(`mutation { saveLocale(input: { code: "en_US", label: "English", fallback: "pl_PL" }) { code } }`);
    expect(refused.errors?.[0]?.message).toMatch(/would make a loop of fallbacks/);
  });

  it("refuses a currency that is not ISO 4217 and an attribute code with a dot", async () => {
    expect((await service.gql(`mutation { saveCurrency(code: "XYZ") { code } }`)).errors?.[0]?.message).toMatch(/XYZ is not an ISO 4217 currency code/);
    const dotted = await service.gql(`mutation { saveAttribute(input: { code: "a.b", type: TEXT, group: "general" }) { code } }`);
    expect(dotted.errors?.[0]?.message).toMatch(/code must start with a lowercase letter/);
  });
});

describe("deleting reference data", () => {
  it("refuses while something still refers to it, and says what", async () => {
    const attribute = await service.gql(`mutation { deleteAttribute(code: "brand") }`);
    expect(attribute.errors?.[0]?.message).toMatch(/^attribute brand cannot be deleted: \d+ families use it$/);
    const family = await service.gql(`mutation { deleteFamily(code: "home") }`);
    expect(family.errors?.[0]?.message).toMatch(/^family home cannot be deleted: \d+ products belong to it$/);
    const locale = await service.gql(`mutation { deleteLocale(code: "pl_PL") }`);
    expect(locale.errors?.[0]?.message).toMatch(/channels publish it/);
    const missing = await service.gql(`mutation { deleteCurrency(code: "JPY") }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("deletes what nothing uses and records it in the entity's history", async () => {
    expect((await service.gql(`mutation { saveAttributeGroup(input: { code: "scratch", labels: { en_US: "Scratch" } }) { code } }`)).errors).toBeUndefined();
    expect((await service.gql<{ deleteAttributeGroup: boolean }>(`mutation { deleteAttributeGroup(code: "scratch") }`)).data.deleteAttributeGroup).toBe(true);
    const { data } = await service.gql<{ history: Array<{ action: string; changes: Array<{ field: string; before: unknown; after: unknown }> }> }>(
      `{ history(kind: ATTRIBUTE_GROUP, code: "scratch") { action changes { field before after } } }`,
    );
    expect(data.history.map((h) => h.action)).toEqual(["DELETE", "CREATE"]);
    expect(data.history[1]?.changes).toContainEqual({ field: "labels.en_US", before: null, after: "Scratch" });
    expect(
      (await service.gql<{ attributeGroups: Array<{ code: string }> }>(`{ attributeGroups { code } }`)).data.attributeGroups.map((g) => g.code),
    ).not.toContain("scratch");
  });
});

describe("select options", () => {
  it("refuses to remove an option products still use, and allows removing an unused one", async () => {
    const { data } = await service.gql<{ attribute: { group: string; options: Array<{ code: string }> } }>(
      `{ attribute(code: "color") { group options { code } } }`,
    );
    const save = (options: Array<{ code: string }>, mode: "MERGE" | "REPLACE") =>
      service.gql<{ saveAttribute: { options: Array<{ code: string }> } }>(
        `mutation($options: [AttributeOptionInput!]) { saveAttribute(input: { code: "color", type: SIMPLESELECT, group: "${data.attribute.group}", options: $options }, mode: ${mode}) { options { code } } }`,
        { options },
      );
    // Options are removed only by a REPLACE that leaves them out; a merge keeps them.
    const withoutNavy = data.attribute.options.filter((o) => o.code !== "navy").map((o) => ({ code: o.code }));
    const refused = await save(withoutNavy, "REPLACE");
    expect(refused.errors?.[0]?.message).toMatch(/option navy is still used by \d+ products and [1-9]\d* product models/);
    expect((await save(withoutNavy, "MERGE")).data.saveAttribute.options.map((o) => o.code)).toEqual(data.attribute.options.map((o) => o.code));

    const added = await save([{ code: "spare" }], "MERGE");
    expect(added.errors).toBeUndefined();
    expect(added.data.saveAttribute.options.map((o) => o.code)).toEqual([...data.attribute.options.map((o) => o.code), "spare"]);
    const removed = await save(
      data.attribute.options.map((o) => ({ code: o.code })),
      "REPLACE",
    );
    expect(removed.errors).toBeUndefined();
    expect(removed.data.saveAttribute.options.map((o) => o.code)).toEqual(data.attribute.options.map((o) => o.code));
  });

  it("keeps what a save leaves out: labels merge per locale, options by code, a category keeps its parent", async () => {
    const { data } = await service.gql<{
      attribute: { group: string; labels: Record<string, string>; options: Array<{ code: string; labels: Record<string, string> }> };
    }>(`{ attribute(code: "color") { group labels options { code labels } } }`);
    const navy = data.attribute.options.find((o) => o.code === "navy")!;
    const saved = await service.gql<{ saveAttribute: { labels: Record<string, string>; options: Array<{ code: string; labels: Record<string, string> }> } }>(
      `mutation($options: [AttributeOptionInput!]) { saveAttribute(input: { code: "color", type: SIMPLESELECT, group: "${data.attribute.group}", labels: { pl_PL: "Kolor (nowy)" }, options: $options }) { labels options { code labels } } }`,
      { options: [{ code: "navy", labels: { pl_PL: "Granatowy (nowy)" } }] },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveAttribute.labels).toEqual({ ...data.attribute.labels, pl_PL: "Kolor (nowy)" });
    expect(saved.data.saveAttribute.options).toHaveLength(data.attribute.options.length);
    expect(saved.data.saveAttribute.options.find((o) => o.code === "navy")?.labels).toEqual({ ...navy.labels, pl_PL: "Granatowy (nowy)" });

    const { data: before } = await service.gql<{ category: { parent: string | null; labels: Record<string, string> } }>(
      `{ category(code: "tshirts") { parent labels } }`,
    );
    expect(before.category.parent).not.toBeNull();
    const relabelled = await service.gql(`mutation { saveCategory(input: { code: "tshirts", labels: { en_US: "", pl_PL: "Koszulki" } }) { code } }`);
    expect(relabelled.errors).toBeUndefined();
    const { data: after } = await service.gql<{ category: { parent: string | null; labels: Record<string, string> } }>(
      `{ category(code: "tshirts") { parent labels } }`,
    );
    expect(after.category.parent).toEqual(before.category.parent);
    const { en_US: _removed, ...others } = before.category.labels;
    expect(after.category.labels).toEqual({ ...others, pl_PL: "Koszulki" });
  });
});

describe("concurrent edits of reference data", () => {
  it("records one history version per successful save, refusing the losers with CONFLICT", async () => {
    const saves = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        service.gql(`mutation { saveAttributeGroup(input: { code: "contested", labels: { en_US: "Label ${i}" } }) { code } }`),
      ),
    );
    const succeeded = saves.filter((s) => !s.errors);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(saves.filter((s) => s.errors).every((s) => s.errors?.[0]?.extensions?.code === "CONFLICT")).toBe(true);
    const { data } = await service.gql<{ history: Array<{ version: number }> }>(`{ history(kind: ATTRIBUTE_GROUP, code: "contested") { version } }`);
    expect(data.history.map((h) => h.version).sort()).toEqual(Array.from({ length: succeeded.length }, (_, i) => i + 1));
  });
});
