import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { getProduct, uploadImport, type RowProblem } from "./bulk-client.js";

const fixture = (name: string) => join(projectRoot, "fixtures", "imports", name);

let service: TestService;
beforeAll(async () => {
  service = await startTestService("bulk-import-fixtures", { seedDemo: true });
});
afterAll(async () => {
  await service?.stop();
});

describe("importing the sample files into the demo catalog", () => {
  it("imports the clean Akeneo-style CSV: every row created, every cell where the layout says", async () => {
    const job = await uploadImport(service, fixture("akeneo-clean.csv"));
    expect(job).toMatchObject({ status: "SUCCEEDED", delimiter: ";", encoding: "utf-8", rowsDone: 5 });
    expect(job.report).toMatchObject({ rowsRead: 5, created: 5, updated: 0, unchanged: 0, rejected: 0, warnings: 0, dryRun: false, problems: [] });

    expect(await getProduct(service, "HC-KETTLE-17")).toMatchObject({
      familyCode: "home",
      parentCode: null,
      categoryCodes: ["kitchen"],
      enabled: true,
      version: 1,
      values: {
        "name-en_US": "Steel kettle 1.7 l",
        "name-pl_PL": "Czajnik stalowy 1,7 l",
        "description-en_US-ecommerce": "<p>Boils 1.7 l in four minutes.</p>",
        brand: "hearth_co",
        ean: "5907734130018",
        color: "silver",
        material: ["steel", "plastic"],
        power_watts: 2200,
        volume: { amount: "1.7", unit: "LITER" },
        weight: { amount: "1.1", unit: "KILOGRAM" },
        is_eco: false,
        release_date: "2025-03-01",
      },
    });
    const mugs = await getProduct(service, "HC-MUG-SET-4");
    expect(mugs).toMatchObject({ categoryCodes: ["kitchen", "gifts"], values: { is_eco: true, volume: { amount: "0.35", unit: "LITER" } } });
    const buds = await getProduct(service, "SON-BUDS-A2");
    expect(buds?.values).toMatchObject({ connectivity: ["bluetooth", "usb_c"], battery_life_hours: 7.5, material: ["plastic", "silicone"] });
    const white = await getProduct(service, "SON-BUDS-A2-W");
    expect(white).toMatchObject({ enabled: false, values: { weight: { amount: "50", unit: "GRAM" } } });
    expect(white?.values).not.toHaveProperty("name-pl_PL");
    const variant = await getProduct(service, "NV-CREW-BLK-S");
    expect(variant).toMatchObject({
      familyCode: "clothing",
      parentCode: "tshirt_nordvik_crew_black",
      values: { size: "s", ean: "5907734130056", weight: { amount: "0.16", unit: "KILOGRAM" } },
    });

    const { data } = await service.gql<{ product: { associations: Array<{ type: string; products: Array<{ sku: string }> }> } }>(
      `{ product(sku: "HC-MUG-SET-4") { associations { type products { sku } } } }`,
    );
    expect(data.product.associations).toEqual([{ type: "CROSS_SELL", products: [{ sku: "HC-KETTLE-17" }] }]);
  });

  it("imports the XLSX: numbers and dates typed as such become the layout's text", async () => {
    const job = await uploadImport(service, fixture("akeneo.xlsx"));
    expect(job, JSON.stringify(job.error)).toMatchObject({ status: "SUCCEEDED", format: "XLSX" });
    expect(job.report).toMatchObject({ rowsRead: 3, created: 3, rejected: 0, problems: [] });
    expect(await getProduct(service, "CL-LAMP-01")).toMatchObject({
      categoryCodes: ["decor"],
      values: {
        "name-en_US": "Casa Lumo table lamp",
        brand: "casa_lumo",
        ean: "5907734130117",
        material: ["ceramic", "linen"],
        warranty_months: 24,
        weight: { amount: "2.4", unit: "KILOGRAM" },
        release_date: "2025-01-20",
      },
    });
    expect((await getProduct(service, "CL-LAMP-02"))?.values).toMatchObject({ warranty_months: 36, weight: { amount: "6.8", unit: "KILOGRAM" } });
    expect(await getProduct(service, "KS-CHARGER-30")).toMatchObject({
      familyCode: "electronics",
      categoryCodes: ["phones"],
      values: { release_date: "2024-09-30" },
    });
  });

  it("detects a Polish Windows-1250 file and keeps every diacritic", async () => {
    const job = await uploadImport(service, fixture("polish-windows-1250.csv"));
    expect(job).toMatchObject({ status: "SUCCEEDED", encoding: "windows-1250", delimiter: ";" });
    expect(job.report).toMatchObject({ rowsRead: 3, created: 3, rejected: 0 });
    expect((await getProduct(service, "GL-DZBANEK-1"))?.values).toMatchObject({
      "name-pl_PL": "Dzbanek gliniany żółty",
      "description-pl_PL-ecommerce": "<p>Ręcznie malowany dzbanek z Bolesławca, pojemność 1,5 l.</p>",
      "care_instructions-pl_PL": "Myć ręcznie; nie wkładać do zmywarki.",
    });
    expect((await getProduct(service, "GL-MISKA-2"))?.values).toMatchObject({ "name-pl_PL": "Miska łódeczka" });
    expect((await getProduct(service, "BL-OBRUS-3"))?.values).toMatchObject({
      "name-pl_PL": "Obrus lniany źdźbło",
      "description-pl_PL-ecommerce": "<p>Len z Żyrardowa, 140 × 220 cm.</p>",
      material: ["linen"],
    });
  });

  it("detects a Russian Windows-1251 file", async () => {
    const job = await uploadImport(service, fixture("russian-windows-1251.csv"));
    expect(job).toMatchObject({ status: "SUCCEEDED", encoding: "windows-1251", delimiter: "," });
    expect(job.report).toMatchObject({ rowsRead: 3, created: 3, rejected: 0 });
    expect((await getProduct(service, "VL-CHAINIK-1"))?.values).toMatchObject({
      "name-ru_RU": "Электрический чайник",
      "description-ru_RU-ecommerce": "<p>Закипает за три минуты, корпус из нержавеющей стали.</p>",
      power_watts: 2000,
    });
    expect((await getProduct(service, "VL-TOSTER-2"))?.values).toMatchObject({ "name-ru_RU": "Тостер на два ломтика", color: "black" });
    expect((await getProduct(service, "VL-MIKSER-3"))?.values).toMatchObject({ "name-ru_RU": "Ручной миксер", power_watts: 400 });
  });

  it("reports each mistake with its row, column and reason, saves the good rows, and gives back only the rejected rows", async () => {
    const expected = JSON.parse(await readFile(fixture("mistakes.expected.json"), "utf8")) as { createdSkus: string[]; problems: RowProblem[] } & Record<
      string,
      unknown
    >;
    const job = await uploadImport(service, fixture("mistakes.csv"));
    expect(job.status).toBe("SUCCEEDED");
    const { createdSkus, problems, ...counts } = expected;
    expect(job.report).toMatchObject(counts);
    expect(job.report?.problems).toEqual(problems);
    for (const sku of createdSkus) expect(await getProduct(service, sku)).not.toBeNull();
    for (const { sku } of problems) if (sku && !createdSkus.includes(sku)) expect(await getProduct(service, sku)).toBeNull();

    const response = await service.request(job.downloadPath);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const rejected = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    const original = parse(await readFile(fixture("mistakes.csv"), "utf8"), { columns: true }) as Array<Record<string, string>>;
    expect(rejected.map((row) => row.error)).toEqual(problems.map((p) => `${p.column}: ${p.message}`));
    // The rejected rows come back exactly as they were sent, ready to fix and import again.
    expect(rejected.map(({ error: _error, ...row }) => row)).toEqual(problems.map((p) => original[p.row - 2]));
  });
});
