import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

const operatorFields = "code name address { street postalCode city countryCode region } email phone url";
const save = `mutation($input: EconomicOperatorInput!) { saveEconomicOperator(input: $input) { ${operatorFields} } }`;
const updateProduct = `mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { status } }`;
const remove = `mutation($code: String!) { deleteEconomicOperator(code: $code) }`;

const acme = {
  code: "acme_eu",
  name: "ACME Europe B.V.",
  address: { street: "Keizersgracht 1", postalCode: "1015 CJ", city: "Amsterdam", countryCode: "NL" },
  email: "gpsr@acme.example.com",
};

let service: TestService;
beforeAll(async () => {
  service = await startTestService("economic-operators", { seedDemo: true });
});
afterAll(() => service?.stop());

describe("economic operators (GPSR)", () => {
  it("lists the demo's operators with their addresses", async () => {
    const { data, errors } = await service.gql<{ economicOperators: Array<{ code: string; address: { countryCode: string } }> }>(
      `{ economicOperators { ${operatorFields} } }`,
    );
    expect(errors).toBeUndefined();
    const codes = data.economicOperators.map((operator) => operator.code);
    expect(codes).toContain("voltra_shenzhen");
    expect(codes).toContain("eurep_gmbh");
    expect(data.economicOperators.find((operator) => operator.code === "voltra_shenzhen")?.address.countryCode).toBe("CN");
  });

  it("refuses an operator without an electronic address or contact form, and a malformed country, naming the field", async () => {
    const { email: _email, ...withoutContact } = acme;
    const noContact = await service.gql(save, { input: withoutContact });
    expect(noContact.errors?.[0]?.message).toMatch(/email|url/);
    const badCountry = await service.gql(save, { input: { ...acme, address: { ...acme.address, countryCode: "Netherlands" } } });
    expect(badCountry.errors?.[0]?.extensions?.problems ?? badCountry.errors?.[0]?.message).toBeDefined();
    expect(JSON.stringify(badCountry.errors)).toContain("countryCode");
  });

  it("lets a product name a saved operator and refuses one that does not exist, saying so", async () => {
    const unknown = await service.gql(updateProduct, { sku: "VOL-CHG-65W", changes: { setValues: [{ attribute: "manufacturer", data: "acme_eu" }] } });
    expect(JSON.stringify(unknown.errors)).toContain("not an economic operator of the catalog");

    const saved = await service.gql<{ saveEconomicOperator: { code: string; name: string } }>(save, { input: acme });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveEconomicOperator.name).toBe("ACME Europe B.V.");

    const named = await service.gql<{ updateProduct: { status: string } }>(updateProduct, {
      sku: "VOL-CHG-65W",
      changes: { setValues: [{ attribute: "responsible_person", data: "acme_eu" }] },
    });
    expect(named.errors).toBeUndefined();
    expect(named.data.updateProduct.status).toBe("UPDATED");
  });

  it("keeps an operator while a product names it, and says why", async () => {
    const refused = await service.gql(remove, { code: "acme_eu" });
    expect(refused.errors?.[0]?.message).toBe("economic operator acme_eu cannot be deleted: 1 products or product models name it");

    await service.gql(updateProduct, { sku: "VOL-CHG-65W", changes: { setValues: [{ attribute: "responsible_person", data: "eurep_gmbh" }] } });
    const deleted = await service.gql<{ deleteEconomicOperator: boolean }>(remove, { code: "acme_eu" });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteEconomicOperator).toBe(true);
  });

  it("checks an operator a channel names itself, and keeps it while the channel does", async () => {
    const ceneo = (await service.catalog.definitions()).channels.get("ceneo");
    if (!ceneo?.export) throw new Error("the demo has no ceneo channel");
    const { code, labels, locales, currencies, categoryTree } = ceneo;
    const withDefault = (operator: string) => ({
      code,
      labels,
      locales,
      currencies,
      categoryTree,
      export: { ...ceneo.export, fields: { ...ceneo.export?.fields, responsiblePerson: { attribute: "responsible_person", default: operator } } },
    });
    await expect(service.catalog.saveChannel(withDefault("nobody_eu"), "test")).rejects.toThrow(
      "responsiblePerson names economic operator nobody_eu, which does not exist",
    );

    await service.gql(save, { input: { ...acme, code: "acme_rep" } });
    await service.catalog.saveChannel(withDefault("acme_rep"), "test");
    const refused = await service.gql(remove, { code: "acme_rep" });
    expect(refused.errors?.[0]?.message).toBe("economic operator acme_rep cannot be deleted: 1 channels name it in their export fields");
  });

  it("refuses the operator constraint on a localizable attribute: an operator is the same everywhere", async () => {
    const { errors } = await service.gql(`mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`, {
      input: { code: "maker_by_locale", type: "TEXT", group: "compliance", localizable: true, constraints: { economicOperator: true } },
    });
    expect(errors?.[0]?.message).toContain("cannot be localizable or scopable");
  });
});
