import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { waitForJob, type Job } from "../bulk/bulk-client.js";

let service: TestService;

beforeAll(async () => {
  service = await startTestService("security-stored-content", { seedDemo: true });
});
afterAll(() => service?.stop());

const hostile = '<p>Soft cotton</p><script>alert(1)</script><img src="x" onerror="alert(2)">';
const saveModel = `mutation($input: ProductModelInput!) { createProductModel(input: $input) { code } }`;
const updateModel = `mutation($input: ProductModelInput!) { updateProductModel(input: $input) { code } }`;
const update = `mutation($sku: String!, $changes: ProductChangesInput!) { updateProduct(sku: $sku, changes: $changes) { product { version } } }`;

async function upload(body: string | Buffer, query: string): Promise<Job> {
  const response = await service.request(`/imports?${query}`, { method: "POST", body });
  const started = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(started)).toBe(202);
  return waitForJob(service, started.id);
}

async function modelDescription(code: string): Promise<string> {
  const { data } = await service.gql<{ productModel: { value: { data: string } } }>(
    `{ productModel(code: "${code}") { value(attribute: "description", locale: "en_US", channel: "ecommerce") { data } } }`,
  );
  return data.productModel.value.data;
}

describe("rich text of product models", () => {
  it("is sanitized on create, update and import with the products' rules, so no variant serves a script", async () => {
    const description = (data: string) => ({ description: [{ locale: "en_US", channel: "ecommerce", data }] });
    expect(
      (await service.gql(saveModel, { input: { code: "xss_model", familyVariant: "clothing_color_size", values: description(hostile) } })).errors,
    ).toBeUndefined();
    expect(await modelDescription("xss_model")).toBe("<p>Soft cotton</p>");
    expect(
      (await service.gql(updateModel, { input: { code: "xss_model", values: description(`${hostile}<a href="javascript:alert(3)">x</a>`) } })).errors,
    ).toBeUndefined();
    expect(await modelDescription("xss_model")).toBe("<p>Soft cotton</p><a>x</a>");
    const job = await upload(
      `code,family_variant,description-en_US-ecommerce\nxss_model_2,clothing_color_size,"${hostile.replace(/"/g, '""')}"\n`,
      "format=csv&kind=product_models",
    );
    expect(job.report).toMatchObject({ created: 1, warnings: 1 });
    expect(await modelDescription("xss_model_2")).toBe("<p>Soft cotton</p>");
  });
});

describe("attribute patterns", () => {
  it("run in linear time: a write against a catastrophic pattern is answered at once and the service stays responsive", async () => {
    const mpn = { code: "mpn", type: "TEXT", group: "general", labels: { en_US: "MPN" }, constraints: { maxLength: 200, pattern: "^([A-Z0-9]+-?)+$" } };
    const saved = await service.gql(`mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`, { input: mpn });
    expect(saved.errors, JSON.stringify(saved.errors)).toBeUndefined();
    // On a backtracking engine this one write takes about 2^60 steps.
    const write = service.gql(update, { sku: "KES-AIR14-512", changes: { setValues: [{ attribute: "mpn", data: `${"A".repeat(60)}!` }] } });
    expect((await service.request("/healthz")).status).toBe(200);
    const refused = await write;
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({ path: ["values", "mpn", "0", "data"], message: expect.stringContaining("does not match the required format") }),
    ]);
    expect((await service.gql(update, { sku: "KES-AIR14-512", changes: { setValues: [{ attribute: "mpn", data: "KES-AIR-14" }] } })).errors).toBeUndefined();
  });

  it("that a linear-time engine cannot run are refused when saved, with the reason", async () => {
    for (const pattern of ["^(a+)\\1$", "^(?=.*[0-9])[A-Z0-9]+$", "^(?<!x)y$"]) {
      const answer = await service.gql(`mutation($input: AttributeInput!) { saveAttribute(input: $input) { code } }`, {
        input: { code: "mpn", type: "TEXT", group: "general", constraints: { pattern } },
      });
      expect(answer.errors?.[0]?.extensions?.problems, pattern).toEqual([
        expect.objectContaining({ path: ["constraints", "pattern"], message: expect.stringContaining("linear-time engine") }),
      ]);
    }
  });
});

describe("exports and rejected rows", () => {
  it("carry no spreadsheet formula, and import back exactly", async () => {
    const formulas = ['=HYPERLINK("http://evil.example","x")', "+1+2", "@SUM(A1)", "-2+3", "'=already marked"];
    for (const [i, name] of formulas.entries()) {
      expect(
        (await service.gql(update, { sku: `KES-PRO16-1TB`, changes: { setValues: [{ attribute: "name", locale: "en_US", data: name }] } })).errors,
      ).toBeUndefined();
      for (const format of ["CSV", "XLSX"] as const) {
        const started = await service.gql<{ startExport: { id: string } }>(
          `mutation { startExport(input: { format: ${format}, categories: ["laptops"] }) { id } }`,
        );
        await waitForJob(service, started.data.startExport.id);
        const file = Buffer.from(await (await service.request(`/exports/${started.data.startExport.id}/file`)).arrayBuffer());
        const cells = format === "CSV" ? file.toString("utf8").split(/[\n,]/) : await xlsxCells(file);
        expect(
          cells.some((cell) => /^"?[=+@]/.test(cell) || /^"?-2\+3/.test(cell)),
          `${format} ${i}`,
        ).toBe(false);
        const reimported = await upload(file, `format=${format.toLowerCase()}`);
        expect(reimported.report, `${format} ${name}`).toMatchObject({ rejected: 0, updated: 0 });
      }
    }
    const rejected = await upload(`sku,name-en_US,family\n=cmd|' /C calc'!A0,x,electronics\n`, "format=csv");
    const file = await (await service.request(`/imports/${rejected.id}/rejected`)).text();
    expect(file).toContain("'=cmd|' /C calc'!A0");
  });
});

async function xlsxCells(file: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as never);
  const cells: string[] = [];
  workbook.worksheets[0]?.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
  return cells;
}

describe("text that is not text", () => {
  it("a lone surrogate or a control character is refused in any GraphQL input, naming where it is", async () => {
    const surrogate = await service.gql(`mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`, {
      input: { sku: "BAD-\ud800", family: "home" },
    });
    expect(surrogate.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      problems: [{ path: ["variables", "input", "sku"], message: expect.stringContaining("lone surrogate") }],
    });
    const control = await service.gql(update, { sku: "KES-AIR14-512", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Air\u000714" }] } });
    expect(control.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      problems: [{ path: ["variables", "changes", "setValues", "0", "data"], message: expect.stringContaining("control character U+0007") }],
    });
    const inline = await service.gql(`{ product(sku: "KES\\u0001") { sku } }`);
    expect(inline.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const fine = await service.gql(update, {
      sku: "HCO-BOARD-BAMBOO-L",
      changes: { setValues: [{ attribute: "care_instructions", locale: "en_US", data: "Wipe clean.\n\tNo water." }] },
    });
    expect(fine.errors).toBeUndefined();
  });

  it("a file mixing encodings is refused at upload, naming the lines; a cell that is not text in its encoding rejects its row", async () => {
    const utf8 = Buffer.from("sku,name-pl_PL\nKES-AIR14-512,Żółta łódź\n", "utf8");
    const cp1250 = iconv.encode("HCO-BOARD-BAMBOO-L,Deska z bambusa łatwa w czyszczeniu\n", "windows-1250");
    const response = await service.request("/imports?format=csv", { method: "POST", body: Buffer.concat([utf8, cp1250]) });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: "INVALID_FILE",
      message: "the file mixes text encodings: line 2 is UTF-8, line 3 is not; save it again in one encoding (UTF-8 is best)",
    });
    const declared = await upload(Buffer.concat([utf8, cp1250]), "format=csv&encoding=utf-8&dryRun=true");
    expect(declared.report?.problems).toEqual([
      expect.objectContaining({ row: 3, column: "name-pl_PL", message: expect.stringContaining("not text in the file's encoding") }),
    ]);
  });
});

describe("amounts, sizes and locales", () => {
  const setValues = (attribute: string, data: unknown, locale: string | null = null, channel: string | null = null) =>
    service.gql(update, { sku: "HCO-KETTLE-17-STL", changes: { setValues: [{ attribute, locale, channel, data }] } });

  beforeAll(async () => {
    // No demo family has a price attribute: the home family gets one, as a retailer keeping list prices in the catalog would.
    const { data } = await service.gql<{
      families: Array<{
        code: string;
        labels: object;
        attributeCodes: string[];
        labelAttribute: string;
        imageAttribute: string | null;
        requirements: object[];
      }>;
    }>(`{ families { code labels attributeCodes labelAttribute imageAttribute requirements { channel attributes } } }`);
    const home = data.families.find((family) => family.code === "home");
    if (!home) throw new Error("no home family");
    const input = {
      code: home.code,
      labels: home.labels,
      attributes: [...home.attributeCodes, "price"],
      labelAttribute: home.labelAttribute,
      imageAttribute: home.imageAttribute,
      requirements: home.requirements,
    };
    const saved = await service.gql(`mutation($input: FamilyInput!) { saveFamily(input: $input) { code } }`, { input });
    if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  });

  it("refuses a negative price or weight and more decimals than the currency has, naming the value", async () => {
    const cases: Array<[string, unknown, string]> = [
      ["price", [{ amount: "-5.00", currency: "EUR" }], "amount -5.00 is negative"],
      ["price", [{ amount: "1.999", currency: "EUR" }], "amount 1.999 has 3 decimals; EUR has 2"],
      ["weight", { amount: "-1", unit: "KILOGRAM" }, "amount -1 is negative"],
    ];
    for (const [attribute, data, reason] of cases) {
      const answer = await setValues(attribute, data);
      expect(answer.errors?.[0]?.extensions?.problems, reason).toEqual([expect.objectContaining({ attribute, message: `${attribute}: ${reason}` })]);
    }
    const offer = await service.gql<{ setPrices: { results: Array<{ errors: Array<{ message: string }> }> } }>(
      `mutation { setPrices(updates: [{ sku: "KES-AIR14-512", currency: "EUR", amount: "1.999" }]) { results { errors { message } } } }`,
    );
    expect(offer.data.setPrices.results[0]?.errors[0]?.message).toBe("amount 1.999 has 3 decimals; EUR has 2");
  });

  it("refuses a value for a locale its channel does not publish", async () => {
    const answer = await setValues("description", "<p>Laptop</p>", "en_US", "allegro");
    expect(answer.errors?.[0]?.extensions?.problems).toEqual([
      expect.objectContaining({
        attribute: "description",
        message: "description (locale en_US, channel allegro): channel allegro does not publish en_US (it publishes pl_PL)",
      }),
    ]);
    expect((await setValues("description", "<p>Laptop</p>", "pl_PL", "allegro")).errors).toBeUndefined();
  });
});
