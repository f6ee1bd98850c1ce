import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { jobFields, uploadImport, waitForJob, type Job } from "./bulk-client.js";
import { storedCatalog } from "../helpers/stored-catalog.js";

const fixture = (name: string) => join(projectRoot, "fixtures", "imports", name);

let service: TestService;
beforeAll(async () => {
  service = await startTestService("bulk-import-kinds", { seedDemo: true });
});
afterAll(async () => {
  await service?.stop();
});

const problemsOf = (job: Job) => job.report?.problems.map(({ row, sku, column }) => ({ row, sku, column }));

async function rejectedRows(job: Job): Promise<Array<Record<string, string>>> {
  const response = await service.request(job.downloadPath);
  expect(response.status).toBe(200);
  return parse(await response.text(), { columns: true, delimiter: "," }) as Array<Record<string, string>>;
}

async function historyCount(entityType: string, entityId: string): Promise<number> {
  return service.connection.collection("history").countDocuments({ entityType, entityId });
}

const model = (code: string) => storedCatalog(service.catalog).productModels.findById(code).lean();

describe("import of product models", () => {
  it("saves root and sub-models through the product model rules and rejects bad rows by row and column", async () => {
    const job = await uploadImport(service, fixture("product-models.csv"), { kind: "product_models" });
    expect(job.status).toBe("SUCCEEDED");
    expect(job.report).toMatchObject({ rowsRead: 4, created: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(problemsOf(job)).toEqual([
      { row: 4, sku: "jacket_fjell_shell_blue", column: "parent" },
      { row: 5, sku: "jacket_fjell_shell_mauve", column: "color" },
    ]);
    expect(job.report?.problems[0]?.message).toMatch(/no_such_model does not exist/);

    const root = await model("jacket_fjell_shell");
    expect(root).toMatchObject({ familyVariant: "clothing_color_size", family: "clothing", parent: null, categories: ["jackets"] });
    expect(root?.values).toEqual({
      name: { "<all_channels>": { en_US: "Fjell shell jacket", pl_PL: "Kurtka Fjell" } },
      brand: { "<all_channels>": { "<all_locales>": "peakline" } },
      gender: { "<all_channels>": { "<all_locales>": "unisex" } },
    });
    const red = await model("jacket_fjell_shell_red");
    expect(red).toMatchObject({
      familyVariant: "clothing_color_size",
      parent: "jacket_fjell_shell",
      values: { color: { "<all_channels>": { "<all_locales>": "red" } } },
    });
    expect(await model("jacket_fjell_shell_mauve")).toBeNull();

    const rejected = await rejectedRows(job);
    expect(rejected.map((row) => row.code)).toEqual(["jacket_fjell_shell_blue", "jacket_fjell_shell_mauve"]);
    expect(rejected[1]?.error).toMatch(/^color: /);
  });

  it("importing the file again changes nothing and writes no history", async () => {
    const history = await historyCount("product_model", "jacket_fjell_shell");
    const before = await model("jacket_fjell_shell");
    const job = await uploadImport(service, fixture("product-models.csv"), { kind: "product_models" });
    expect(job.report).toMatchObject({ rowsRead: 4, created: 0, updated: 0, unchanged: 2, rejected: 2 });
    expect(await historyCount("product_model", "jacket_fjell_shell")).toBe(history);
    expect(await model("jacket_fjell_shell")).toEqual(before);
  });

  it("a file with a few columns changes only those cells of a stored model, started over GraphQL with its kind", async () => {
    const before = await model("tshirt_nordvik_crew");
    const content = Buffer.from("code;name-en_US\ntshirt_nordvik_crew;Nordvik crew neck\n");
    const { data, errors } = await service.gql<{ startImport: Job }>(`mutation($input: StartImportInput!) { startImport(input: $input) { ${jobFields} } }`, {
      input: { fileName: "models.csv", contentBase64: content.toString("base64"), kind: "PRODUCT_MODELS" },
    });
    expect(errors).toBeUndefined();
    const job = await waitForJob(service, data.startImport.id);
    expect(job.report).toMatchObject({ updated: 1, rejected: 0 });
    const after = await model("tshirt_nordvik_crew");
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    const name = (before?.values as Record<string, Record<string, Record<string, unknown>>> | undefined)?.name?.["<all_channels>"];
    expect(after?.values).toEqual({ ...before?.values, name: { "<all_channels>": { ...name, en_US: "Nordvik crew neck" } } });
    expect(after?.categories).toEqual(before?.categories);
  });

  it("exporting product models and importing the file again changes nothing", async () => {
    const { data, errors } = await service.gql<{ startExport: Job }>(`mutation { startExport(input: { format: CSV, kind: PRODUCT_MODELS }) { ${jobFields} } }`);
    expect(errors).toBeUndefined();
    const exported = await waitForJob(service, data.startExport.id);
    expect(exported.status).toBe("SUCCEEDED");
    const models = await storedCatalog(service.catalog).productModels.countDocuments();
    expect(exported.rowsDone).toBe(models);
    const response = await service.request(exported.downloadPath);
    const text = await response.text();
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {}).slice(0, 4)).toEqual(["code", "family_variant", "parent", "categories"]);
    expect(rows.find((row) => row.code === "jacket_fjell_shell_red")).toMatchObject({
      family_variant: "clothing_color_size",
      parent: "jacket_fjell_shell",
      categories: "jackets",
      color: "red",
      "name-en_US": "",
    });
    // Roots come first, so each sub-model's parent is saved before it on the way back.
    const firstSubModel = rows.findIndex((row) => row.parent !== "");
    expect(rows.slice(firstSubModel).every((row) => row.parent !== "")).toBe(true);

    const before = await storedCatalog(service.catalog).productModels.find().sort({ _id: 1 }).lean();
    const { data: started } = await service.gql<{ startImport: Job }>(`mutation($input: StartImportInput!) { startImport(input: $input) { ${jobFields} } }`, {
      input: { fileName: "models.csv", contentBase64: Buffer.from(text).toString("base64"), kind: "PRODUCT_MODELS" },
    });
    const imported = await waitForJob(service, started.startImport.id);
    expect(imported.report).toMatchObject({ rowsRead: models, created: 0, updated: 0, unchanged: models, rejected: 0 });
    expect(await storedCatalog(service.catalog).productModels.find().sort({ _id: 1 }).lean()).toEqual(before);
  });

  it("a products header in a product model file is refused before any row is read", async () => {
    const content = Buffer.from("sku,family,name-en_US\nX,clothing,X\n");
    const { errors } = await service.gql<{ startImport: Job }>(`mutation($input: StartImportInput!) { startImport(input: $input) { ${jobFields} } }`, {
      input: { fileName: "models.csv", contentBase64: content.toString("base64"), kind: "PRODUCT_MODELS" },
    });
    expect(errors?.[0]?.extensions?.code).toBe("INVALID_FILE");
    expect(errors?.[0]?.message).toMatch(/column sku belongs to products.*no code column/);
  });
});

describe("import of reference data", () => {
  it("categories: a dry run saves nothing; the import creates the tree and rejects a missing parent and a bad code", async () => {
    const dry = await uploadImport(service, fixture("categories.csv"), { kind: "categories", dryRun: "true" });
    expect(dry.report).toMatchObject({ dryRun: true, rowsRead: 5, created: 1, rejected: 4 });
    expect(await storedCatalog(service.catalog).categories.findById("outdoor").lean()).toBeNull();

    const job = await uploadImport(service, fixture("categories.csv"), { kind: "categories" });
    expect(job.report).toMatchObject({ rowsRead: 5, created: 2, rejected: 3 });
    expect(problemsOf(job)).toEqual([
      { row: 4, sku: "outdoor_boots", column: "parent" },
      { row: 5, sku: "Outdoor Lamps", column: "code" },
      { row: 6, sku: "", column: "code" },
    ]);
    expect(job.report?.problems[2]?.message).toBe("code is empty");
    expect(await storedCatalog(service.catalog).categories.findById("outdoor_tents").lean()).toMatchObject({
      parent: "outdoor",
      ancestors: ["master", "outdoor"],
      labels: { en_US: "Tents", pl_PL: "Namioty" },
    });
    const again = await uploadImport(service, fixture("categories.csv"), { kind: "categories" });
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 3 });
    expect(await historyCount("category", "outdoor")).toBe(1);
  });

  it("attributes, their options and families, each through its own checks", async () => {
    const attributes = await uploadImport(service, fixture("attributes.csv"), { kind: "attributes" });
    expect(attributes.report).toMatchObject({ rowsRead: 4, created: 2, rejected: 2 });
    expect(problemsOf(attributes)).toEqual([
      { row: 4, sku: "hood", column: "type" },
      { row: 5, sku: "waterproof", column: "localizable" },
    ]);
    expect(await storedCatalog(service.catalog).attributes.findById("lining").lean()).toMatchObject({
      type: "text",
      group: "technical",
      localizable: true,
      scopable: false,
      sortOrder: 410,
      labels: { en_US: "Lining" },
      constraints: { maxLength: 200 },
      options: [],
    });

    const colorBefore = await storedCatalog(service.catalog).attributes.findById("color").lean();
    const options = await uploadImport(service, fixture("attribute-options.csv"), { kind: "attribute_options" });
    expect(options.report).toMatchObject({ rowsRead: 3, created: 1, updated: 1, rejected: 1 });
    expect(problemsOf(options)).toEqual([{ row: 4, sku: "no_such_attribute.plain", column: "attribute" }]);
    const color = await storedCatalog(service.catalog).attributes.findById("color").lean();
    expect(color?.options).toHaveLength((colorBefore?.options.length ?? 0) + 1);
    expect(color?.options.find((o) => o.code === "olive")).toEqual({ code: "olive", labels: { en_US: "Olive", pl_PL: "Oliwkowy" }, sortOrder: 130 });
    // The empty label-pl_PL cell removes the Polish label, as an empty value cell removes a product's value.
    const { pl_PL: _removed, ...otherLabels } = colorBefore?.options.find((o) => o.code === "red")?.labels ?? {};
    expect(color?.options.find((o) => o.code === "red")).toMatchObject({ code: "red", labels: { ...otherLabels, en_US: "Bright red" } });

    const families = await uploadImport(service, fixture("families.csv"), { kind: "families" });
    expect(families.report).toMatchObject({ rowsRead: 2, created: 1, rejected: 1 });
    expect(problemsOf(families)).toEqual([{ row: 3, sku: "camping", column: "attribute_as_label" }]);
    expect(await storedCatalog(service.catalog).families.findById("outdoor_gear").lean()).toMatchObject({
      labels: { en_US: "Outdoor gear" },
      attributes: ["sku", "name", "brand", "images", "color"],
      labelAttribute: "name",
      imageAttribute: "images",
      requirements: { ecommerce: ["sku", "name"] },
    });
    const again = await uploadImport(service, fixture("families.csv"), { kind: "families" });
    expect(again.report).toMatchObject({ unchanged: 1, rejected: 1 });
  });

  it("an unknown kind is refused when the job starts", async () => {
    const response = await service.request("/imports?fileName=x.csv&kind=brands", { method: "POST", body: "code\nx\n" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: Array<{ path: string[]; message: string }> };
    expect(body.problems).toEqual([
      { path: ["kind"], message: 'kind "brands" is not one of products, product_models, categories, attributes, attribute_options, families' },
    ]);
  });
});
