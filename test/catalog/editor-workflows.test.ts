import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { missingDerivedFields } from "../../src/catalog/products/completeness-refresh.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-editor-workflows", { seedDemo: true });
});
afterAll(async () => service?.stop());

interface UpsertResult {
  sku: string;
  status: string;
  errorCode: string | null;
  errors: Array<{ path: string[]; message: string }>;
}

async function upsert(products: Array<Record<string, unknown>>): Promise<UpsertResult[]> {
  const { data, errors } = await service.gql<{ upsertProducts: UpsertResult[] }>(
    `mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { sku status errorCode errors { path message } } }`,
    { products },
  );
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data.upsertProducts;
}

describe("a select attribute created before its options", () => {
  it("leaves every write of its family working, refuses a value for it with the reason, and accepts one once options exist", async () => {
    const created = await service.gql(`mutation { saveAttribute(input: { code: "finish", type: SIMPLESELECT, group: "general" }) { code } }`);
    expect(created.errors).toBeUndefined();
    const tags = await service.gql(`mutation { saveAttribute(input: { code: "care_tags", type: MULTISELECT, group: "general" }) { code } }`);
    expect(tags.errors).toBeUndefined();
    const { data } = await service.gql<{ families: Array<{ code: string; attributeCodes: string[]; labelAttribute: string }> }>(
      `{ families { code attributeCodes labelAttribute } }`,
    );
    const home = data.families.find((family) => family.code === "home")!;
    const saved = await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, {
      input: { code: "home", attributes: [...home.attributeCodes, "finish", "care_tags"], labelAttribute: home.labelAttribute },
    });
    expect(saved.errors, JSON.stringify(saved.errors)).toBeUndefined();

    const results = await upsert([
      { sku: "FINISH-1", family: "home", values: [{ attribute: "name", locale: "en_US", data: "Plain" }] },
      { sku: "FINISH-2", family: "home", values: [{ attribute: "finish", data: "matte" }] },
      { sku: "FINISH-3", family: "home", values: [{ attribute: "care_tags", data: [] }] },
      { sku: "FINISH-4", family: "electronics", values: [{ attribute: "name", locale: "en_US", data: "Other family" }] },
    ]);
    expect(results.map((result) => [result.sku, result.status, result.errorCode])).toEqual([
      ["FINISH-1", "CREATED", null],
      ["FINISH-2", "ERROR", "BAD_USER_INPUT"],
      ["FINISH-3", "CREATED", null],
      ["FINISH-4", "CREATED", null],
    ]);
    expect(results[1]?.errors[0]?.message).toMatch(/finish has no options yet/);

    const withOptions = await service.gql(
      `mutation { saveAttribute(input: { code: "finish", type: SIMPLESELECT, group: "general", options: [{ code: "matte", labels: { en_US: "Matte" } }] }) { code } }`,
    );
    expect(withOptions.errors).toBeUndefined();
    expect((await upsert([{ sku: "FINISH-2", family: "home", values: [{ attribute: "finish", data: "matte" }] }]))[0]).toMatchObject({ status: "CREATED" });
  });
});

describe("listing product models", () => {
  it("counts them", async () => {
    const familyVariant = String((await service.connection.collection("product_models").findOne({}))?.familyVariant);
    const { data, errors } = await service.gql<{ all: { totalCount: number; edges: unknown[] }; one: { totalCount: number } }>(
      `query($familyVariant: String) {
      all: productModels(first: 5) { totalCount edges { node { code } } }
      one: productModels(first: 5, familyVariant: $familyVariant) { totalCount }
    }`,
      { familyVariant },
    );
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data.all.totalCount).toBe(await service.connection.collection("product_models").countDocuments());
    expect(data.all.edges).toHaveLength(5);
    expect(data.one.totalCount).toBe(await service.connection.collection("product_models").countDocuments({ familyVariant }));
    expect(data.one.totalCount).toBeGreaterThan(0);
  });
});

describe("upsertProducts keeps what an item leaves out", () => {
  const valuesOf = async (sku: string) => {
    const { data } = await service.gql<{
      product: {
        version: number;
        enabled: boolean;
        categories: Array<{ code: string }>;
        values: Array<{ attribute: string; locale: string | null; data: unknown }>;
      };
    }>(`query($sku: String!) { product(sku: $sku) { version enabled categories { code } values { attribute locale data } } }`, { sku });
    return data.product;
  };

  it("merges by default: a value sent is set, one sent with null data is cleared, everything else stays; REPLACE makes the item's values the whole value set", async () => {
    const created = await upsert([
      {
        sku: "MERGE-1",
        family: "home",
        enabled: false,
        categories: ["kitchen"],
        values: [
          { attribute: "name", locale: "en_US", data: "Kettle" },
          { attribute: "name", locale: "pl_PL", data: "Czajnik" },
          { attribute: "description", locale: "en_US", channel: "ecommerce", data: "<p>Boils water</p>" },
        ],
      },
    ]);
    expect(created[0], JSON.stringify(created[0])).toMatchObject({ status: "CREATED" });
    const before = await valuesOf("MERGE-1");

    const merged = await upsert([
      {
        sku: "MERGE-1",
        values: [
          { attribute: "name", locale: "en_US", data: "Steel kettle" },
          { attribute: "description", locale: "en_US", channel: "ecommerce", data: null },
        ],
      },
    ]);
    expect(merged[0]).toMatchObject({ status: "UPDATED", errors: [] });
    const after = await valuesOf("MERGE-1");
    expect(after.version).toBe(before.version + 1);
    expect(after.enabled).toBe(false);
    expect(after.categories.map((c) => c.code)).toEqual(["kitchen"]);
    const cells = Object.fromEntries(after.values.map((v) => [`${v.attribute}/${v.locale}`, v.data]));
    expect(cells).toMatchObject({ "name/en_US": "Steel kettle", "name/pl_PL": "Czajnik" });
    expect(cells["description/en_US"]).toBeUndefined();

    // The same item again changes nothing.
    expect((await upsert([{ sku: "MERGE-1", values: [{ attribute: "name", locale: "en_US", data: "Steel kettle" }] }]))[0]).toMatchObject({
      status: "UNCHANGED",
    });

    const replaced = await service.gql<{ upsertProducts: UpsertResult[] }>(
      `mutation($products: [ProductInput!]!) { upsertProducts(products: $products, mode: REPLACE) { sku status } }`,
      {
        products: [{ sku: "MERGE-1", family: "home", values: [{ attribute: "name", locale: "en_US", data: "Only this" }] }],
      },
    );
    expect(replaced.data.upsertProducts[0]).toMatchObject({ status: "UPDATED" });
    const whole = await valuesOf("MERGE-1");
    expect(whole.values.map((v) => `${v.attribute}/${v.locale}`)).toEqual(["name/en_US"]);
    // Only the value set is replaced: fields the item leaves out (categories here) stay in both modes.
    expect(whole.categories.map((c) => c.code)).toEqual(["kitchen"]);
  });

  it("still refuses a malformed item with the reason, in merge mode too", async () => {
    const results = await upsert([{ sku: "MERGE-1", family: "home", values: [{ attribute: "name", locale: "en_US", data: ["not", "text"] }] }]);
    expect(results[0]).toMatchObject({ status: "ERROR", errorCode: "BAD_USER_INPUT" });
    expect(results[0]?.errors[0]?.path).toContain("name");
    // Values that are not a list of typed entries do not get past GraphQL itself.
    const untyped = await service.gql(`mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { status } }`, {
      products: [{ sku: "MERGE-1", values: { name: "not a list" } }],
    });
    expect(untyped.errors?.[0]?.message).toMatch(/products\[0\]\.values/);
  });
});

describe("updateProductModel keeps what the input leaves out", () => {
  it("merges by default and replaces the value set with mode REPLACE", async () => {
    const stored = await service.connection.collection<{ _id: string; values: Record<string, unknown> }>("product_models").findOne({ parent: null });
    const code = stored!._id;
    const valueCells = async () => {
      const { data } = await service.gql<{
        productModel: { values: Array<{ attribute: string; locale: string | null; channel: string | null; data: unknown }> };
      }>(`query($code: String!) { productModel(code: $code) { values { attribute locale channel data } } }`, { code });
      return data.productModel.values;
    };
    const before = await valueCells();
    expect(before.length).toBeGreaterThan(1);
    const updated = await service.gql(`mutation($input: ProductModelInput!) { updateProductModel(input: $input) { version } }`, {
      input: { code, values: { name: [{ locale: "pl_PL", channel: null, data: "Nowa nazwa" }] } },
    });
    expect(updated.errors, JSON.stringify(updated.errors)).toBeUndefined();
    const after = await valueCells();
    const key = (cell: { attribute: string; locale: string | null; channel: string | null }) => `${cell.attribute}/${cell.locale}/${cell.channel}`;
    expect(after.find((cell) => key(cell) === "name/pl_PL/null")?.data).toBe("Nowa nazwa");
    // Every other value is still there.
    expect(
      after
        .filter((cell) => key(cell) !== "name/pl_PL/null")
        .map(key)
        .sort(),
    ).toEqual(
      before
        .filter((cell) => key(cell) !== "name/pl_PL/null")
        .map(key)
        .sort(),
    );

    const replaced = await service.gql(`mutation($input: ProductModelInput!) { updateProductModel(input: $input, mode: REPLACE) { version } }`, {
      input: { code, values: { name: [{ locale: "en_US", channel: null, data: "Only the name" }] } },
    });
    expect(replaced.errors, JSON.stringify(replaced.errors)).toBeUndefined();
    expect((await valueCells()).map(key)).toEqual(["name/en_US/null"]);
  });
});

describe("reads without a locale, and reads of what does not exist", () => {
  it("fall back to the channel's first locale, else English, and refuse an unknown attribute, locale or channel by name", async () => {
    const sku = "VOL-PB-10K";
    const { data } = await service.gql<{
      product: { label: string; english: string; name: { data: string; locale: string } | null; allegroName: { data: string; locale: string } | null };
    }>(
      `query($sku: String!) { product(sku: $sku) { label english: label(locale: "en_US") name: value(attribute: "name") { data locale } allegroName: value(attribute: "name", channel: "allegro") { data locale } } }`,
      { sku },
    );
    expect(data.product.label).not.toBe(sku);
    expect(data.product.label).toBe(data.product.english);
    expect(data.product.name).toMatchObject({ data: data.product.english, locale: "en_US" });
    const { data: channels } = await service.gql<{ channels: Array<{ code: string; locales: string[] }> }>(`{ channels { code locales } }`);
    const allegroLocale = channels.channels.find((channel) => channel.code === "allegro")?.locales[0];
    expect(data.product.allegroName?.locale).toBe(allegroLocale);

    for (const [query, field, message] of [
      [`value(attribute: "nmae") { data }`, "attribute", "attribute nmae does not exist"],
      [`value(attribute: "name", locale: "xx_XX") { data }`, "locale", "locale xx_XX is not a locale of the catalog"],
      [`value(attribute: "name", channel: "nope") { data }`, "channel", "channel nope does not exist"],
      [`label(locale: "xx_XX")`, "locale", "locale xx_XX is not a locale of the catalog"],
    ] as const) {
      const response = await service.gql(`{ product(sku: "${sku}") { ${query} } }`);
      expect(response.errors?.[0], query).toMatchObject({ message, extensions: { code: "BAD_USER_INPUT", problems: [{ path: [field], message }] } });
    }

    const cleared = await service.gql(`mutation { updateProduct(sku: "${sku}", changes: { clearValues: [{ attribute: "nmae" }] }) { status } }`);
    expect(cleared.errors?.[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT", problems: [{ path: ["changes", "clearValues", "0", "attribute"], message: "attribute nmae does not exist" }] },
    });
  });
});

describe("family variant levels", () => {
  const update = `mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { status } }`;
  const updateModel = `mutation($input: ProductModelInput!) { updateProductModel(input: $input) { version } }`;

  it("keep each attribute to its level: a variant cannot set its model's axis or a common attribute, a model cannot set a lower level's", async () => {
    const axis = await service.gql(update, { sku: "NV-CREW-NAVY-S", changes: { setValues: [{ attribute: "color", data: "white" }] } });
    expect(axis.errors?.[0]).toMatchObject({
      extensions: {
        code: "BAD_USER_INPUT",
        problems: [
          expect.objectContaining({
            path: ["values", "color"],
            message: "color belongs to the level 1 models of clothing_color_size, not the variants: set it there",
          }),
        ],
      },
    });
    const common = await service.gql(update, { sku: "NV-CREW-NAVY-S", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Mine" }] } });
    expect(common.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: ["values", "name"], message: "name belongs to the root model of clothing_color_size, not the variants: set it there" }),
    ]);
    const own = await service.gql(update, {
      sku: "NV-CREW-NAVY-S",
      changes: { setValues: [{ attribute: "weight", data: { amount: "0.18", unit: "KILOGRAM" } }] },
    });
    expect(own.errors).toBeUndefined();

    const rootWithAxis = await service.gql(updateModel, {
      input: { code: "tshirt_nordvik_crew", values: { color: [{ locale: null, channel: null, data: "white" }] } },
    });
    expect(rootWithAxis.errors?.[0]?.message).toMatch(/color belongs to the level 1 models of clothing_color_size, not the root model/);
    const subModelWithSize = await service.gql(updateModel, {
      input: { code: "tshirt_nordvik_crew_navy", values: { size: [{ locale: null, channel: null, data: "m" }] } },
    });
    expect(subModelWithSize.errors?.[0]?.message).toMatch(/size belongs to the variants of clothing_color_size, not the level 1 models/);
  });
});

describe("categories down the variant tree", () => {
  it("a variant has its models' categories, is found by them, and every variant of a root model is one filter or one field away", async () => {
    const set = await service.gql(`mutation { updateProductModel(input: { code: "tshirt_nordvik_crew", categories: ["tshirts", "gifts"] }) { version } }`);
    expect(set.errors, JSON.stringify(set.errors)).toBeUndefined();
    const { data } = await service.gql<{ product: { categories: Array<{ code: string }>; ownCategories: Array<{ code: string }> } }>(
      `{ product(sku: "NV-CREW-NAVY-S") { categories { code } ownCategories { code } } }`,
    );
    expect(data.product.categories.map((c) => c.code).sort()).toEqual(["gifts", "tshirts"]);
    expect(data.product.ownCategories.map((c) => c.code)).toEqual(["tshirts"]);

    const { data: found } = await service.gql<{
      gifts: { edges: Array<{ node: { sku: string } }> };
      below: { totalCount: number };
      direct: { totalCount: number };
      model: { allVariants: Array<{ sku: string }> };
    }>(`{
      gifts: products(first: 100, filter: { categories: ["gifts"] }) { edges { node { sku } } }
      below: products(filter: { ancestor: "tshirt_nordvik_crew" }) { totalCount }
      direct: products(filter: { parent: "tshirt_nordvik_crew" }) { totalCount }
      model: productModel(code: "tshirt_nordvik_crew") { allVariants { sku } }
    }`);
    const variants = await service.connection
      .collection("products")
      .countDocuments({ parent: { $in: ["tshirt_nordvik_crew_navy", "tshirt_nordvik_crew_white", "tshirt_nordvik_crew_black"] } });
    expect(variants).toBeGreaterThan(3);
    expect(found.gifts.edges.map((edge) => edge.node.sku)).toContain("NV-CREW-NAVY-S");
    expect(found.below.totalCount).toBe(variants);
    expect(found.direct.totalCount).toBe(0);
    expect(found.model.allVariants).toHaveLength(variants);
  });
});

describe("a writer that crashed between reserving a version and writing", () => {
  it("blocks a product model only until its reservation is old, like a product", async () => {
    const models = service.connection.collection<{ _id: string; version: number; createdAt: Date }>("product_models");
    const model = (await models.findOne({ _id: "tshirt_nordvik_crew_black" }))!;
    // What a process killed right after recording the next version leaves behind: a reservation 60 s old.
    await service.connection.collection<{ _id: string } & Record<string, unknown>>("history").insertOne({
      _id: `model:${model._id}:${model.createdAt.getTime()}:${model.version + 1}`,
      entityType: "product_model",
      entityId: model._id,
      version: model.version + 1,
      author: "crashed writer",
      at: new Date(Date.now() - 60_000),
      action: "update",
      changes: [],
      snapshot: null,
    });
    const save = () => service.gql(`mutation { updateProductModel(input: { code: "${model._id}", categories: ["tshirts", "gifts"] }) { version } }`);
    const first = await save();
    expect(first.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const retry = await save();
    expect(retry.errors).toBeUndefined();
    expect(retry.data).toEqual({ updateProductModel: { version: model.version + 1 } });
  });
});

describe("RANGE on measurements and prices", () => {
  const skusMatching = async (condition: Record<string, unknown>) => {
    const response = await service.gql<{ products: { edges: Array<{ node: { sku: string } }> } }>(
      `query($condition: AttributeConditionInput!) { products(first: 50, filter: { search: "range-", attributes: [$condition] }) { edges { node { sku } } } }`,
      { condition },
    );
    return { skus: response.data?.products.edges.map((edge) => edge.node.sku).sort(), errors: response.errors };
  };

  it("compares numbers: weights across units, prices per currency", async () => {
    const { data } = await service.gql<{ families: Array<{ code: string; attributeCodes: string[]; labelAttribute: string }> }>(
      `{ families { code attributeCodes labelAttribute } }`,
    );
    const home = data.families.find((family) => family.code === "home")!;
    if (!home.attributeCodes.includes("price")) {
      const saved = await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, {
        input: { code: "home", attributes: [...home.attributeCodes, "price"], labelAttribute: home.labelAttribute },
      });
      expect(saved.errors, JSON.stringify(saved.errors)).toBeUndefined();
    }
    const results = await upsert([
      {
        sku: "RANGE-A",
        family: "home",
        values: [
          { attribute: "weight", data: { amount: "14.2", unit: "KILOGRAM" } },
          {
            attribute: "price",
            data: [
              { amount: "9.99", currency: "EUR" },
              { amount: "1000", currency: "PLN" },
            ],
          },
        ],
      },
      {
        sku: "RANGE-B",
        family: "home",
        values: [
          { attribute: "weight", data: { amount: "13500", unit: "GRAM" } },
          { attribute: "price", data: [{ amount: "100", currency: "EUR" }] },
        ],
      },
      { sku: "RANGE-C", family: "home", values: [{ attribute: "weight", data: { amount: "0.5", unit: "KILOGRAM" } }] },
    ]);
    expect(
      results.map((result) => result.status),
      JSON.stringify(results),
    ).toEqual(["CREATED", "CREATED", "CREATED"]);

    expect((await skusMatching({ attribute: "weight", operator: "RANGE", min: "13000", max: "14000", unit: "GRAM" })).skus).toEqual(["RANGE-B"]);
    expect((await skusMatching({ attribute: "weight", operator: "RANGE", min: 0, max: 100 })).skus).toEqual(["RANGE-A", "RANGE-B", "RANGE-C"]);
    expect((await skusMatching({ attribute: "weight", operator: "RANGE", max: "1" })).skus).toEqual(["RANGE-C"]);
    expect((await skusMatching({ attribute: "price", operator: "RANGE", min: "10", currency: "EUR" })).skus).toEqual(["RANGE-B"]);
    expect((await skusMatching({ attribute: "price", operator: "RANGE", min: "500", currency: "PLN" })).skus).toEqual(["RANGE-A"]);

    const noCurrency = await skusMatching({ attribute: "price", operator: "RANGE", min: "10" });
    expect(noCurrency.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ path: ["currency"] }] });
    const wrongUnit = await skusMatching({ attribute: "weight", operator: "RANGE", min: "1", unit: "LITER" });
    expect(wrongUnit.errors?.[0]?.message).toMatch(/unit LITER is not a unit of weight/);

    // A product stored before the numeric index existed gets it from the refresh a start asks for.
    await service.connection.collection("products").updateOne({ _id: "RANGE-B" as never }, { $unset: { numbers: "" } });
    expect((await skusMatching({ attribute: "weight", operator: "RANGE", min: "13", max: "14" })).skus).toEqual([]);
    await service.catalog.completeness.request(missingDerivedFields);
    await service.catalog.completeness.settled();
    expect((await skusMatching({ attribute: "weight", operator: "RANGE", min: "13", max: "14" })).skus).toEqual(["RANGE-B"]);
  });
});

describe("values the catalog no longer accepts", () => {
  it("stay as orphans that never block other edits, are listed, and can be cleared", async () => {
    const created = await upsert([
      {
        sku: "ORPHAN-1",
        family: "electronics",
        values: [
          { attribute: "name", locale: "en_US", data: "Radio" },
          { attribute: "warranty_months", data: 24 },
        ],
      },
    ]);
    expect(created[0]?.status).toBe("CREATED");
    // warranty_months leaves the family (the attribute list given replaces the stored one; the rest of the family stays).
    const { data } = await service.gql<{
      families: Array<{ code: string; attributeCodes: string[]; labelAttribute: string; requirements: Array<{ channel: string; attributes: string[] }> }>;
    }>(`{ families { code attributeCodes labelAttribute requirements { channel attributes } } }`);
    const electronics = data.families.find((family) => family.code === "electronics")!;
    const requirements = electronics.requirements.map((requirement) => ({
      ...requirement,
      attributes: requirement.attributes.filter((code) => code !== "warranty_months"),
    }));
    const saved = await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, {
      input: {
        code: "electronics",
        attributes: electronics.attributeCodes.filter((code) => code !== "warranty_months"),
        labelAttribute: electronics.labelAttribute,
        requirements,
      },
    });
    expect(saved.errors, JSON.stringify(saved.errors)).toBeUndefined();

    const update = `mutation($changes: ProductChangesInput!) { updateProduct(sku: "ORPHAN-1", changes: $changes) { status } }`;
    const renamed = await service.gql(update, { changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Radio 2" }] } });
    expect(renamed.errors, JSON.stringify(renamed.errors)).toBeUndefined();
    const merged = await upsert([{ sku: "ORPHAN-1", values: [{ attribute: "name", locale: "pl_PL", data: "Radio" }] }]);
    expect(merged[0]?.status).toBe("UPDATED");

    const listed = await service.gql<{ product: { orphanValues: Array<{ attribute: string; data: unknown; reason: string }> } }>(
      `{ product(sku: "ORPHAN-1") { orphanValues { attribute data reason } } }`,
    );
    expect(listed.data.product.orphanValues).toEqual([
      { attribute: "warranty_months", data: 24, reason: "warranty_months is no longer an attribute of family electronics" },
    ]);

    // Changing it is judged by today's rules; clearing it is always possible.
    const changed = await service.gql(update, { changes: { setValues: [{ attribute: "warranty_months", data: 36 }] } });
    expect(changed.errors?.[0]?.message).toMatch(/warranty_months is not an attribute of family electronics/);
    const cleared = await service.gql(update, { changes: { clearValues: [{ attribute: "warranty_months" }] } });
    expect(cleared.errors, JSON.stringify(cleared.errors)).toBeUndefined();
    const after = await service.gql<{ product: { orphanValues: unknown[] } }>(`{ product(sku: "ORPHAN-1") { orphanValues { attribute } } }`);
    expect(after.data.product.orphanValues).toEqual([]);

    await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, {
      input: {
        code: "electronics",
        attributes: electronics.attributeCodes,
        labelAttribute: electronics.labelAttribute,
        requirements: electronics.requirements,
      },
    });
  });
});

describe("values a tightened constraint refuses", () => {
  it("are listed as orphans with the constraint's reason, and do not block an edit of another value", async () => {
    const created = await upsert([
      {
        sku: "ORPHAN-2",
        family: "electronics",
        values: [
          { attribute: "name", locale: "en_US", data: "Speaker" },
          { attribute: "warranty_months", data: 60 },
        ],
      },
    ]);
    expect(created[0]?.status).toBe("CREATED");
    const saveAttribute = `mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`;
    const tightened = await service.gql(saveAttribute, {
      input: { code: "warranty_months", type: "NUMBER", group: "technical", constraints: { min: 0, max: 24, decimalsAllowed: false } },
    });
    expect(tightened.errors, JSON.stringify(tightened.errors)).toBeUndefined();
    try {
      const renamed = await service.gql(
        `mutation { updateProduct(sku: "ORPHAN-2", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Speaker 2" }] }) { status } }`,
      );
      expect(renamed.errors, JSON.stringify(renamed.errors)).toBeUndefined();
      const listed = await service.gql<{ product: { orphanValues: Array<{ attribute: string; data: unknown; reason: string }> } }>(
        `{ product(sku: "ORPHAN-2") { orphanValues { attribute data reason } } }`,
      );
      expect(listed.data.product.orphanValues).toEqual([{ attribute: "warranty_months", data: 60, reason: expect.stringMatching(/24/) }]);
    } finally {
      await service.gql(saveAttribute, {
        input: { code: "warranty_months", type: "NUMBER", group: "technical", constraints: { min: 0, max: 120, decimalsAllowed: false } },
      });
    }
  });
});

describe("productModels filters and sorts", () => {
  it("filters by family, category, level and code text, sorts by update time, and pages without repeats", async () => {
    const all = await service.connection.collection<{ _id: string; parent: string | null; family: string }>("product_models").find().toArray();
    const query = `query($filter: ProductModelFilterInput, $sort: ProductModelSortInput, $after: String) {
      productModels(first: 3, filter: $filter, sort: $sort, after: $after) { totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }`;
    const page = async (variables: Record<string, unknown>) => {
      const response = await service.gql<{
        productModels: { totalCount: number; edges: Array<{ node: { code: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      }>(query, variables);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data.productModels;
    };
    const roots = await page({ filter: { root: true, families: ["clothing"] } });
    expect(roots.totalCount).toBe(all.filter((model) => model.parent === null && model.family === "clothing").length);
    const nordvik = await page({ filter: { search: "NORDVIK_CREW" } });
    expect(nordvik.totalCount).toBe(all.filter((model) => model._id.includes("nordvik_crew")).length);
    // A sub-model is in its root model's categories.
    const summer = await page({ filter: { categories: ["summer_sale"], root: false } });
    expect(summer.totalCount).toBeGreaterThan(0);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const current = await page({ sort: { field: "UPDATED_AT", direction: "DESC" }, after });
      seen.push(...current.edges.map((edge) => edge.node.code));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen).size).toBe(all.length);
  });
});

describe("a product's images in one query", () => {
  it("lists the image attribute's assets with their URLs per preset and alt texts, no call per image", async () => {
    const { data: before } = await service.gql<{ product: { value: { data: string[] } } }>(
      `{ product(sku: "VOL-PB-10K") { value(attribute: "images") { data } } }`,
    );
    const [main] = before.product.value.data;
    const alt = await service.gql(
      `mutation($asset: ID!) { setMediaAltTexts(asset: $asset, altTexts: [{ locale: "en_US", text: "Power bank, front" }, { locale: "pl_PL", text: "Powerbank, przód" }]) { id } }`,
      { asset: main },
    );
    expect(alt.errors, JSON.stringify(alt.errors)).toBeUndefined();
    const { data, errors } = await service.gql<{
      product: {
        media: Array<{ asset: string; url: string; thumbnail: string; alt: string | null; polish: string | null; russian: string | null; width: number }>;
      };
    }>(`{
      product(sku: "VOL-PB-10K") { media { asset url thumbnail: url(preset: "thumbnail") alt polish: alt(locale: "pl_PL") russian: alt(locale: "ru_RU") width } } }`);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data.product.media.map((image) => image.asset)).toEqual(before.product.value.data);
    expect(data.product.media[0]).toMatchObject({
      asset: main,
      url: `/media/${main}`,
      thumbnail: `/media/${main}/thumbnail`,
      alt: "Power bank, front",
      polish: "Powerbank, przód",
      width: expect.any(Number),
    });
    const thumbnail = await service.request(data.product.media[0]!.thumbnail);
    expect(thumbnail.status).toBe(200);
    const unknown = await service.gql(`{ product(sku: "VOL-PB-10K") { media { url(preset: "huge") } } }`);
    expect(unknown.errors?.[0]?.message).toMatch(/No preset huge/);
  });
});

describe("sorting by an attribute", () => {
  it("sorts variants by the values they inherit, across pages", async () => {
    // Two simple products whose own names sort first and last, SKUs the other way round.
    const simple = await upsert([
      { sku: "AA-SORT-LAST", family: "clothing", values: [{ attribute: "name", locale: "en_US", data: "Zz last tee" }] },
      { sku: "ZZ-SORT-FIRST", family: "clothing", values: [{ attribute: "name", locale: "en_US", data: "Aa first tee" }] },
    ]);
    expect(simple.map((result) => result.status)).toEqual(["CREATED", "CREATED"]);
    const names: string[] = [];
    let after: string | null = null;
    do {
      const response: {
        data: { products: { edges: Array<{ node: { name: { data: string } | null } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      } = await service.gql(
        `query($after: String) { products(first: 7, after: $after, filter: { families: ["clothing"] }, sort: { field: ATTRIBUTE, attribute: "name", locale: "en_US", direction: ASC }) {
          edges { node { name: value(attribute: "name", locale: "en_US") { data } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      names.push(...response.data.products.edges.map((edge) => edge.node.name?.data ?? ""));
      after = response.data.products.pageInfo.hasNextPage ? response.data.products.pageInfo.endCursor : null;
    } while (after);
    expect(names.length).toBe(await service.connection.collection("products").countDocuments({ family: "clothing" }));
    // Variants have no name of their own: they sort by their model's, between the two.
    expect(names.every((name) => name.length > 0)).toBe(true);
    expect([names[0], names.at(-1)]).toEqual(["Aa first tee", "Zz last tee"]);
    // Long text does not sort: refused with the reason rather than ordered by nothing.
    const byDescription = await service.gql(
      `{ products(sort: { field: ATTRIBUTE, attribute: "description", locale: "en_US", channel: "ecommerce" }) { totalCount } }`,
    );
    expect(byDescription.errors?.[0]?.message).toMatch(/description is a textarea attribute, which does not sort/);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
