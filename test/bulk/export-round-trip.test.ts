import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { solidImage } from "../media/images.js";
import { jobFields, uploadImport, waitForJob, type Job } from "./bulk-client.js";

const fixture = (name: string) => join(projectRoot, "fixtures", "imports", name);

let service: TestService;
let folder: string;
beforeAll(async () => {
  service = await startTestService("bulk-export", { seedDemo: true });
  folder = await mkdtemp(join(tmpdir(), "pim-export-"));
  for (const file of ["akeneo-clean.csv", "polish-windows-1250.csv", "russian-windows-1251.csv", "akeneo.xlsx"]) {
    expect((await uploadImport(service, fixture(file))).report?.rejected).toBe(0);
  }
});
afterAll(async () => {
  await service?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function startExport(input: Record<string, unknown>): Promise<Job> {
  const { data, errors } = await service.gql<{ startExport: Job }>(`mutation($input: StartExportInput!) { startExport(input: $input) { ${jobFields} } }`, {
    input,
  });
  expect(errors).toBeUndefined();
  return waitForJob(service, data.startExport.id);
}

async function download(job: Job, name: string): Promise<string> {
  const response = await service.request(job.downloadPath);
  expect(response.status).toBe(200);
  const path = join(folder, name);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  return path;
}

/** Every product's version and content, to compare before and after. */
async function catalogState(): Promise<Array<Record<string, unknown>>> {
  const products = await service.connection
    .collection("products")
    .find({}, { projection: { completeness: 0, completenessIndex: 0 } })
    .toArray();
  return products.sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

describe("exporting the catalog", () => {
  it.each(["CSV", "XLSX", "JSONL"])("exports %s in the import's layout: importing the file again changes nothing", async (format) => {
    const total = await service.connection.collection("products").countDocuments();
    const before = await catalogState();
    const historyBefore = await service.connection.collection("history").countDocuments();
    const job = await startExport({ format });
    expect(job).toMatchObject({ status: "SUCCEEDED", kind: "EXPORT", rowsDone: total, rowsTotal: total });
    const file = await download(job, `export.${format.toLowerCase()}`);

    const reimport = await uploadImport(service, file);
    expect(reimport.status).toBe("SUCCEEDED");
    expect(reimport.report).toMatchObject({ rowsRead: total, created: 0, updated: 0, unchanged: total, rejected: 0, problems: [] });
    expect(await catalogState()).toEqual(before);
    expect(await service.connection.collection("history").countDocuments()).toBe(historyBefore);
  });

  it("carries each product's prices, stock and images: importing the export restores what changed since", async () => {
    const products = service.connection.collection<{
      _id: string;
      offer?: { prices?: Record<string, string>; stock?: Record<string, number> };
      values: Record<string, Record<string, Record<string, unknown>>>;
    }>("products");
    const before = await products.findOne({ "offer.prices.EUR": { $exists: true }, "offer.stock": { $ne: {} }, "values.images": { $exists: true } });
    expect(before).not.toBeNull();
    const { _id: sku, offer, values } = before as NonNullable<typeof before>;
    const [location, onHand] = Object.entries(offer?.stock ?? {})[0] as [string, number];
    const images = values.images?.["<all_channels>"]?.["<all_locales>"] as string[];

    const file = await download(await startExport({ format: "CSV" }), "with-offers.csv");
    const row = (parse(await readFile(file, "utf8"), { columns: true }) as Array<Record<string, string>>).find((r) => r.sku === sku);
    expect(row).toMatchObject({ "offer_price-EUR": offer?.prices?.EUR, [`offer_stock-${location}`]: String(onHand), images: images.join(",") });

    const changes = [
      `mutation { setPrices(updates: [{ sku: "${sku}", currency: "EUR", amount: "1.00" }]) { failed } }`,
      `mutation { setStock(updates: [{ sku: "${sku}", location: "${location}", onHand: ${onHand + 50} }]) { failed } }`,
      `mutation { updateProduct(sku: "${sku}", changes: { clearValues: [{ attribute: "images" }] }) { status } }`,
    ];
    for (const change of changes) expect((await service.gql(change)).errors).toBeUndefined();

    const reimport = await uploadImport(service, file);
    expect(reimport.report).toMatchObject({ rejected: 0, updated: 1, created: 0 });
    const after = await products.findOne({ _id: sku });
    expect(after?.offer?.prices).toEqual(offer?.prices);
    expect(after?.offer?.stock).toEqual(offer?.stock);
    expect(after?.values.images).toEqual(values.images);
  });

  it("moves images to another installation: an export with mediaBaseUrl writes image URLs, which the other installation's import fetches once and stores", async () => {
    const target = await startTestService("bulk-export-target", { seedDemo: true, bulk: { allowPrivateImageUrls: true } });
    try {
      const picture = await solidImage(900, 900, "#2a7f62");
      const uploaded = await service.request("/media", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: picture });
      const { asset } = (await uploaded.json()) as { asset: { id: string } };
      const sku = "VOL-PB-10K";
      const set = await service.gql(
        `mutation($data: JSON) { updateProduct(sku: "${sku}", changes: { setValues: [{ attribute: "images", data: $data }] }) { status } }`,
        { data: [asset.id] },
      );
      expect(set.errors).toBeUndefined();
      expect((await target.request(`/media/${asset.id}`)).status).toBe(404);

      const file = await download(await startExport({ format: "CSV", mediaBaseUrl: service.url }), "with-image-urls.csv");
      const row = (parse(await readFile(file, "utf8"), { columns: true }) as Array<Record<string, string>>).find((r) => r.sku === sku);
      expect(row?.images).toBe(`${service.url}/media/${asset.id}`);

      const imported = await uploadImport(target, file);
      expect(imported.report).toMatchObject({ rejected: 0, updated: 1 });
      const copied = await target.request(`/media/${asset.id}`);
      expect(copied.status).toBe(200);
      expect(Buffer.from(await copied.arrayBuffer()).equals(picture)).toBe(true);
      const { data } = await target.gql<{ product: { value: { data: string[] } } }>(`{ product(sku: "${sku}") { value(attribute: "images") { data } } }`);
      expect(data.product.value.data).toEqual([asset.id]);
    } finally {
      await target.stop();
    }
  });

  it("refuses an image URL on a private address unless the installation allows it, naming the column and the reason", async () => {
    const file = join(folder, "private-image.csv");
    await writeFile(file, `sku,images\nVOL-PB-10K,http://127.0.0.1:9/media/${"ab".repeat(32)}\n`);
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ rejected: 1, problems: [{ sku: "VOL-PB-10K", column: "images", message: expect.stringMatching(/refused/) }] });
  });

  it("writes the cells where the import reads them: a product's row in the CSV", async () => {
    const job = await startExport({ format: "CSV", families: ["home"], categories: ["kitchen"] });
    const rows = parse(await readFile(await download(job, "kitchen.csv"), "utf8"), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.family).toBe("home");
      expect(row.categories?.split(",")).toContain("kitchen");
    }
    const kettle = rows.find((row) => row.sku === "HC-KETTLE-17");
    expect(kettle).toMatchObject({
      "name-en_US": "Steel kettle 1.7 l",
      material: "steel,plastic",
      volume: "1.7",
      "volume-unit": "LITER",
      power_watts: "2200",
      is_eco: "0",
      enabled: "1",
      parent: "",
    });
    expect(rows.find((row) => row.sku === "GL-DZBANEK-1")).toMatchObject({ "name-pl_PL": "Dzbanek gliniany żółty" });
    expect(rows.find((row) => row.sku === "HC-MUG-SET-4")?.["cross_sell-products"]).toBe("HC-KETTLE-17");
  });

  it("filters by update time and completeness", async () => {
    const none = await startExport({ format: "JSONL", updatedSince: new Date(Date.now() + 3600_000).toISOString() });
    expect(none).toMatchObject({ status: "SUCCEEDED", rowsDone: 0 });
    const complete = await startExport({ format: "JSONL", completeOnChannel: "ecommerce", completeLocale: "en_US" });
    const lines = (await readFile(await download(complete, "complete.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, string>);
    const expected = await service.gql<{ products: { totalCount: number } }>(
      `{ products(filter: { completeness: { channel: "ecommerce", locale: "en_US", min: 100 } }) { totalCount } }`,
    );
    expect(lines).toHaveLength(expected.data.products.totalCount);
    const partial = await service.gql(`mutation { startExport(input: { format: CSV, completeOnChannel: "ecommerce" }) { id } }`);
    expect(partial.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("npm run catalog-export writes the file with the chosen products", async () => {
    const out = join(folder, "cli.xlsx");
    const uri = (service.connection as unknown as { getClient(): { options: { hosts: Array<{ host: string; port: number }> } } }).getClient().options.hosts[0];
    const child = spawn(process.execPath, [join(projectRoot, "dist", "src", "cli", "catalog-export.js"), "--out", out, "--family", "electronics"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        MONGODB_URI: `mongodb://${uri?.host}:${uri?.port}/${service.connection.name}`,
        DATA_DIR: folder,
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    const electronics = await service.connection.collection("products").countDocuments({ family: "electronics" });
    expect(stdout).toContain(`Exported ${electronics} products to ${out}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(electronics + 1);
    const familyColumn = ((sheet?.getRow(1).values ?? []) as string[]).indexOf("family");
    sheet?.eachRow((row, number) => {
      if (number > 1) expect(row.getCell(familyColumn).value).toBe("electronics");
    });
  });
});
