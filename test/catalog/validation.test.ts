import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-validation", { seedDemo: true });
  // Selling prices live in offers; a price_collection attribute (a recommended retail price, say) is still validated as a value.
  const home = (await service.catalog.definitions()).families.get("home");
  if (!home) throw new Error("the demo has no home family");
  const { code, labels, attributes, labelAttribute, imageAttribute, requirements } = home;
  await service.catalog.saveFamily({ code, labels, attributes: [...attributes, "price"], labelAttribute, imageAttribute, requirements }, "test");
});
afterAll(async () => service?.stop());

interface Problem {
  path: string[];
  message: string;
  attribute?: string;
  locale?: string | null;
  channel?: string | null;
}

const createProduct = `mutation($input: ProductInput!) { createProduct(input: $input) { product { sku version } warnings } }`;
const updateProduct = `mutation($sku: String!, $changes: ProductChangesInput!, $expectedVersion: Int) {
  updateProduct(sku: $sku, changes: $changes, expectedVersion: $expectedVersion) { product { sku version } warnings } }`;

function value(data: unknown, locale: string | null = null, channel: string | null = null) {
  return [{ locale, channel, data }];
}

/** ProductInput.values: one typed entry per value, from values grouped by attribute. */
function valueInputs(values: Record<string, Array<Record<string, unknown>>>) {
  return Object.entries(values).flatMap(([attribute, entries]) => entries.map((entry) => ({ attribute, ...entry })));
}

async function refused(query: string, variables: Record<string, unknown>): Promise<{ code: string; message: string; problems: Problem[] }> {
  const response = await service.gql(query, variables);
  expect(response.errors, JSON.stringify(response.data)).toBeDefined();
  const error = response.errors?.[0];
  return { code: String(error?.extensions?.code), message: String(error?.message), problems: (error?.extensions?.problems as Problem[]) ?? [] };
}

async function snapshot(sku: string) {
  const { data } = await service.gql<{ product: unknown; productHistory: unknown[] }>(
    `query($sku: String!) { product(sku: $sku) { version values { attribute locale channel data } } productHistory(sku: $sku) { version } }`,
    { sku },
  );
  return data;
}

const home = (sku: string, values: Record<string, Array<Record<string, unknown>>>) => ({
  input: { sku, family: "home", categories: ["kitchen"], values: valueInputs(values) },
});

describe("refused writes name the attribute, locale and channel, say why, and change nothing", () => {
  it("refuses an unknown attribute", async () => {
    const { code, problems } = await refused(createProduct, home("V-1", { colour_name: value("red") }));
    expect(code).toBe("BAD_USER_INPUT");
    expect(problems).toContainEqual(expect.objectContaining({ attribute: "colour_name", message: "colour_name is not an attribute of family home" }));
    expect((await snapshot("V-1")).product).toBeNull();
  });

  it("refuses an unknown family", async () => {
    const { code, problems } = await refused(createProduct, { input: { sku: "V-2", family: "garden" } });
    expect(code).toBe("BAD_USER_INPUT");
    expect(problems).toContainEqual({ path: ["family"], message: "family garden does not exist" });
  });

  it("refuses a value of the wrong type", async () => {
    const { problems } = await refused(createProduct, {
      input: { sku: "V-3", family: "electronics", values: valueInputs({ warranty_months: value("two years") }) },
    });
    expect(problems).toContainEqual(expect.objectContaining({ attribute: "warranty_months", message: "warranty_months must be a whole number" }));
  });

  it("refuses a locale on a value that is not localizable and a channel on one that is not scopable", async () => {
    const { problems } = await refused(createProduct, home("V-4", { brand: value("nordvik", "en_US"), name: value("Mug", "en_US", "ecommerce") }));
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "brand", locale: "en_US", message: "brand is not localizable: give its value with locale null" }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "name", channel: "ecommerce", message: "name is not scopable: give its value with channel null" }),
    );
  });

  it("refuses a locale and a currency the catalog does not have", async () => {
    const { problems } = await refused(createProduct, home("V-5", { name: value("Tasse", "de_DE"), price: value([{ amount: "10.00", currency: "CHF" }]) }));
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "name", locale: "de_DE", message: 'name (locale de_DE): locale "de_DE" is not a locale of the catalog' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "price", message: 'price uses currency "CHF", which is not a currency of the catalog' }),
    );
  });

  it("refuses a price amount given as a float instead of a decimal string", async () => {
    const { problems } = await refused(createProduct, home("V-5b", { price: value([{ amount: 10.5, currency: "EUR" }]) }));
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "price", message: expect.stringContaining('decimal number written as a string, like "19.99"') }),
    );
  });

  it("refuses a GTIN with a wrong check digit", async () => {
    const { problems } = await refused(createProduct, home("V-6", { ean: value("4006381333932") }));
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "ean", message: 'ean is not a valid GTIN: "4006381333932" has a wrong check digit or length' }),
    );
  });

  it("refuses a unique value another product already holds", async () => {
    const { data } = await service.gql<{ product: { value: { data: string } } }>(`{ product(sku: "CLM-VASE-GLASS-30") { value(attribute: "ean") { data } } }`);
    const taken = data.product.value.data;
    const { problems } = await refused(createProduct, home("V-7", { ean: value(taken) }));
    expect(problems).toContainEqual(expect.objectContaining({ attribute: "ean", message: `ean "${taken}" is already used by CLM-VASE-GLASS-30` }));
  });

  it("refuses a duplicate SKU with CONFLICT and leaves the existing product alone", async () => {
    const before = await snapshot("CLM-VASE-GLASS-30");
    const { code, message } = await refused(createProduct, home("CLM-VASE-GLASS-30", { name: value("Overwritten?", "en_US") }));
    expect(code).toBe("CONFLICT");
    expect(message).toBe("a product with sku CLM-VASE-GLASS-30 already exists");
    expect(await snapshot("CLM-VASE-GLASS-30")).toEqual(before);
  });

  it("refuses a category move that would make a cycle", async () => {
    const { code, problems } = await refused(`mutation { saveCategory(input: { code: "apparel", parent: "tshirts" }) { code } }`, {});
    expect(code).toBe("BAD_USER_INPUT");
    expect(problems[0]?.message).toBe("moving apparel under tshirts would make a cycle: tshirts is inside apparel");
    const { data } = await service.gql<{ category: { parent: string } }>(`{ category(code: "apparel") { parent } }`);
    expect(data.category.parent).toBe("master");
  });

  it("refuses two variants with the same axis values, and a variant without its axis value", async () => {
    const twin = { sku: "NV-CREW-NAVY-S-TWIN", parent: "tshirt_nordvik_crew_navy", values: valueInputs({ size: value("s"), ean: value("4006381333931") }) };
    const { problems } = await refused(createProduct, { input: twin });
    expect(problems).toContainEqual(expect.objectContaining({ message: 'axis values size="s" is already used by NV-CREW-NAVY-S' }));
    const { problems: missing } = await refused(createProduct, { input: { ...twin, values: valueInputs({ ean: value("4006381333931") }) } });
    expect(missing).toContainEqual(expect.objectContaining({ attribute: "size", message: "size is a variant axis of clothing_color_size and needs a value" }));
  });

  it("sanitizes rich text with a script tag and says so", async () => {
    const response = await service.gql<{ createProduct: { warnings: string[] } }>(
      createProduct,
      home("V-8", {
        name: value("Safe mug", "en_US"),
        description: value('<p>Holds 300 ml.</p><script>alert("x")</script><img src=x onerror="steal()">', "en_US", "ecommerce"),
      }),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.createProduct.warnings).toEqual([
      "description (locale en_US, channel ecommerce): unsafe HTML (scripts, event handlers or tags outside the allow-list) was removed",
    ]);
    const stored = await service.gql<{ product: { value: { data: string } } }>(
      `{ product(sku: "V-8") { value(attribute: "description", locale: "en_US", channel: "ecommerce") { data } } }`,
    );
    expect(stored.data.product.value.data).toBe("<p>Holds 300 ml.</p>");
  });

  it("refuses an over-long text with its length and the limit", async () => {
    const { problems } = await refused(createProduct, home("V-9", { name: value("x".repeat(151), "en_US") }));
    expect(problems).toContainEqual(
      expect.objectContaining({ attribute: "name", locale: "en_US", message: "name (locale en_US) is too long: 151 characters, at most 150 allowed" }),
    );
  });

  it("changes nothing when an update is refused", async () => {
    const before = await snapshot("CLM-VASE-GLASS-30");
    await refused(updateProduct, {
      sku: "CLM-VASE-GLASS-30",
      changes: {
        setValues: [
          { attribute: "name", locale: "en_US", data: "Fine" },
          { attribute: "weight", data: { amount: "heavy", unit: "KILOGRAM" } },
        ],
      },
    });
    expect(await snapshot("CLM-VASE-GLASS-30")).toEqual(before);
  });
});
