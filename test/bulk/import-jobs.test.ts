import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createTableWriter } from "../../src/bulk/table/writers.js";
import { getProduct, jobFields, uploadImport, waitForJob, type Job } from "./bulk-client.js";

const fixture = (name: string) => join(projectRoot, "fixtures", "imports", name);
const skusOfCleanFile = ["HC-KETTLE-17", "HC-MUG-SET-4", "SON-BUDS-A2", "SON-BUDS-A2-W", "NV-CREW-BLK-S"];

let service: TestService;
let folder: string;
beforeAll(async () => {
  service = await startTestService("bulk-import-jobs", { seedDemo: true });
  folder = await mkdtemp(join(tmpdir(), "pim-import-jobs-"));
});
afterAll(async () => {
  await service?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function historyCount(sku: string): Promise<number> {
  return service.connection.collection("history").countDocuments({ entityType: "product", entityId: sku });
}

async function changeEventsFor(skus: string[]): Promise<number> {
  await service.catalog.changeLog.settled();
  return service.connection.collection("change_events").countDocuments({ subject: { $in: skus } });
}

async function startInline(fileName: string, content: Buffer, extra: Record<string, unknown> = {}): Promise<Job> {
  const { data, errors } = await service.gql<{ startImport: Job }>(`mutation($input: StartImportInput!) { startImport(input: $input) { ${jobFields} } }`, {
    input: { fileName, contentBase64: content.toString("base64"), ...extra },
  });
  expect(errors).toBeUndefined();
  return data.startImport;
}

describe("import jobs", () => {
  it("read the same over HTTP as over GraphQL: status, kind, format and file kind are the GraphQL enum names", async () => {
    const job = await uploadImport(service, fixture("akeneo-clean.csv"), { dryRun: "true" });
    const overHttp = (await (await service.request(`/imports/${job.id}`)).json()) as Record<string, unknown>;
    const { data } = await service.gql<{ bulkJob: Record<string, unknown> }>(`query($id: ID!) { bulkJob(id: $id) { status kind format fileKind } }`, {
      id: job.id,
    });
    expect({ status: overHttp.status, kind: overHttp.kind, format: overHttp.format, fileKind: overHttp.fileKind }).toEqual(data.bulkJob);
    expect(overHttp.status).toBe("SUCCEEDED");
  });

  it("a dry run reports what would happen and saves nothing", async () => {
    const job = await uploadImport(service, fixture("akeneo-clean.csv"), { dryRun: "true" });
    expect(job.status).toBe("SUCCEEDED");
    expect(job.report).toMatchObject({ dryRun: true, rowsRead: 5, created: 5, rejected: 0 });
    for (const sku of skusOfCleanFile) expect(await getProduct(service, sku)).toBeNull();
    const mistakes = await uploadImport(service, fixture("mistakes.csv"), { dryRun: "true" });
    expect(mistakes.report).toMatchObject({ dryRun: true, created: 2, rejected: 11 });
    expect(await getProduct(service, "MX-GOOD-1")).toBeNull();
  });

  it("read numbers by the conventions they are written in, and refuse an ambiguous one or a unit that contradicts its column, with the reason", async () => {
    const file = join(folder, "numbers.csv");
    await writeFile(
      file,
      [
        "sku,family,categories,name-en_US,brand,power_watts,weight,weight-unit",
        'NUM-1,home,kitchen,Kettle,hearth_co,"1 250",1 250,GRAM',
        "NUM-2,home,kitchen,Kettle 2,hearth_co,900,0.5 KILOGRAM,GRAM",
        'NUM-3,home,kitchen,Kettle 3,hearth_co,"1,250",1,GRAM',
        'NUM-4,home,kitchen,Kettle 4,hearth_co,900,"1.250,5",GRAM',
      ].join("\n"),
    );
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ created: 2, rejected: 2 });
    expect((await getProduct(service, "NUM-1"))?.values).toMatchObject({ power_watts: 1250, weight: { amount: "1250", unit: "GRAM" } });
    expect((await getProduct(service, "NUM-4"))?.values).toMatchObject({ weight: { amount: "1250.5", unit: "GRAM" } });
    expect(job.report?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: "NUM-2", column: "weight", message: expect.stringMatching(/in KILOGRAM, but the unit column says GRAM/) }),
        expect.objectContaining({ sku: "NUM-3", column: "power_watts", message: expect.stringMatching(/could be 1250 or 1\.250/) }),
      ]),
    );
  });

  it("keep escaped text escaped through an XLSX file: the text &lt;b&gt; does not become a tag", async () => {
    const file = join(folder, "escaped.xlsx");
    const writer = createTableWriter(file, { format: "xlsx" }, ["sku", "family", "categories", "name-en_US", "brand"]);
    await writer.write({ sku: "ESC-1", family: "home", categories: "kitchen", "name-en_US": "Kettle &lt;b&gt; &amp; <i>", brand: "hearth_co" });
    await writer.close();
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ created: 1, rejected: 0 });
    expect((await getProduct(service, "ESC-1"))?.values["name-en_US"]).toBe("Kettle &lt;b&gt; &amp; <i>");
  });

  it("take the rejected-rows file back as delivered: its error column is read past and written afresh", async () => {
    const mistakes = await uploadImport(service, fixture("mistakes.csv"), { dryRun: "true" });
    const rejectedFile = join(folder, "mistakes.rejected.csv");
    await writeFile(rejectedFile, Buffer.from(await (await service.request(mistakes.downloadPath)).arrayBuffer()));
    const again = await uploadImport(service, rejectedFile, { dryRun: "true" });
    expect(again.status, again.error ?? "").toBe("SUCCEEDED");
    // One row was refused only as a repeat of an earlier SKU in the first file; alone it goes through.
    expect(again.report).toMatchObject({ rowsRead: 11, rejected: 10, created: 1 });
    const header = (await (await service.request(again.downloadPath)).text()).split("\n")[0] ?? "";
    expect(header.split(",").filter((name) => name === "error")).toHaveLength(1);
  });

  it("importing the same file twice leaves the catalog as after once: all unchanged, no history, no change events", async () => {
    const first = await uploadImport(service, fixture("akeneo-clean.csv"));
    expect(first.report).toMatchObject({ created: 5, rejected: 0 });
    const before = await Promise.all(skusOfCleanFile.map((sku) => getProduct(service, sku)));
    const history = await Promise.all(skusOfCleanFile.map(historyCount));
    const events = await changeEventsFor(skusOfCleanFile);
    expect(events).toBeGreaterThanOrEqual(5);

    const second = await uploadImport(service, fixture("akeneo-clean.csv"));
    expect(second.report).toMatchObject({ rowsRead: 5, created: 0, updated: 0, unchanged: 5, rejected: 0 });
    expect(await Promise.all(skusOfCleanFile.map((sku) => getProduct(service, sku)))).toEqual(before);
    expect(await Promise.all(skusOfCleanFile.map(historyCount))).toEqual(history);
    expect(await changeEventsFor(skusOfCleanFile)).toBe(events);
  });

  it("a file with a few columns changes only those cells; an empty cell removes its value", async () => {
    const file = join(folder, "partial.csv");
    await writeFile(file, "sku;name-en_US;color\nHC-KETTLE-17;Steel kettle 1.7 litre;\n");
    const before = await getProduct(service, "HC-KETTLE-17");
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ updated: 1, rejected: 0 });
    const after = await getProduct(service, "HC-KETTLE-17");
    const { color: _color, ...untouched } = before?.values ?? {};
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.values).toEqual({ ...untouched, "name-en_US": "Steel kettle 1.7 litre" });
    expect(after?.categoryCodes).toEqual(before?.categoryCodes);
  });

  it("a saved column mapping imports a supplier's own headers, and GraphQL starts the job from an inline file", async () => {
    const saved = await service.gql<{ saveImportMapping: { name: string; columns: Array<{ source: string; target: string | null }> } }>(
      `mutation($columns: [ImportMappingColumnInput!]!) { saveImportMapping(name: "supplier-a", columns: $columns) { name columns { source target } } }`,
      {
        columns: [
          { source: "Article", target: "sku" },
          { source: "Product group", target: "family" },
          { source: "Title", target: "name-en_US" },
          { source: "EAN code", target: "ean" },
          { source: "Internal note", target: null },
        ],
      },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.saveImportMapping.columns).toContainEqual({ source: "Internal note", target: null });
    const content = Buffer.from(
      "Article,Product group,Title,EAN code,Internal note\nSUP-A-1,home,Supplier jug,,ignore me\nSUP-A-2,home,Supplier plate,12345,\n",
    );
    const started = await startInline("supplier.csv", content, { mapping: "supplier-a" });
    expect(started.status).toMatch(/QUEUED|RUNNING/);
    const job = await waitForJob(service, started.id);
    expect(job.report).toMatchObject({ created: 1, rejected: 1 });
    expect(job.report?.problems).toEqual([
      { row: 3, sku: "SUP-A-2", column: "ean", message: "ean does not match the required format ^(\\d{8}|\\d{12,14})$" },
      { row: 3, sku: "SUP-A-2", column: "ean", message: 'ean is not a valid GTIN: "12345" has a wrong check digit or length' },
    ]);
    expect((await getProduct(service, "SUP-A-1"))?.values).toEqual({ "name-en_US": "Supplier jug" });
    // The rejected rows keep the supplier's headers, so the supplier's file is what gets fixed.
    const rejected = await (await service.request(job.downloadPath)).text();
    expect(rejected.split("\n")[0]).toBe("Article,Product group,Title,EAN code,Internal note,error");

    const unknown = await service.gql(`mutation { startImport(input: { fileName: "a.csv", contentBase64: "", mapping: "nope" }) { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("a header that means nothing is refused at upload with 422, naming the column, and no job starts", async () => {
    const jobs = await service.connection.collection("bulk_jobs").countDocuments();
    const refused = await service.request("/imports?fileName=bad-header.csv", { method: "POST", body: "sku,colour,name\nX-1,red,Thing\n" });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: string; message: string };
    expect(body.error).toBe("INVALID_FILE");
    expect(body.message).toContain("column colour is neither a product field, an attribute nor an association");
    expect(body.message).toContain("column name: name is localizable, so the column needs a known locale");
    expect(await getProduct(service, "X-1")).toBeNull();
    expect(await service.connection.collection("bulk_jobs").countDocuments()).toBe(jobs);

    const response = await service.request("/imports?fileName=notes.pdf", { method: "POST", body: "x" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: Array<{ path: string[] }> }).problems[0]?.path).toEqual(["format"]);
  });

  it("JSON Lines import with the same flat keys; a line that is not JSON is rejected alone", async () => {
    const file = join(folder, "products.jsonl");
    await writeFile(
      file,
      ['{"sku":"JL-1","family":"home","name-en_US":"Lines jug","power_watts":700}', "{not json", '{"sku":"JL-2","family":"home","is_eco":true}'].join("\n"),
    );
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ created: 2, rejected: 1 });
    expect(job.report?.problems).toEqual([{ row: 2, sku: "", column: null, message: "line 2 is not valid JSON" }]);
    expect((await getProduct(service, "JL-1"))?.values).toEqual({ "name-en_US": "Lines jug", power_watts: 700 });
    expect((await getProduct(service, "JL-2"))?.values).toEqual({ is_eco: true });
  });

  it("waits while another import holds the lock, can be cancelled while queued, and takes over a lock its holder abandoned", async () => {
    const locks = service.connection.collection<{ _id: string; holder: string; heartbeatAt: Date }>("bulk_locks");
    await locks.insertOne({ _id: "product-import", holder: "another-process", heartbeatAt: new Date() });
    const file = join(folder, "locked.csv");
    await writeFile(file, "sku,family\nLOCK-1,home\n");
    const response = await service.request(`/imports?fileName=locked.csv`, { method: "POST", body: await readFile(file) });
    const { id } = (await response.json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 600));
    const waiting = await service.gql<{ bulkJob: Job }>(`query($id: ID!) { bulkJob(id: $id) { ${jobFields} } }`, { id });
    expect(waiting.data.bulkJob.status).toBe("QUEUED");
    const cancelled = await service.gql<{ cancelBulkJob: Job }>(`mutation($id: ID!) { cancelBulkJob(id: $id) { ${jobFields} } }`, { id });
    expect(cancelled.data.cancelBulkJob.status).toBe("QUEUED");
    expect((await waitForJob(service, id)).status).toBe("CANCELLED");
    expect(await getProduct(service, "LOCK-1")).toBeNull();

    await locks.updateOne({ _id: "product-import" }, { $set: { heartbeatAt: new Date(Date.now() - 120_000) } });
    const job = await uploadImport(service, file);
    expect(job.report).toMatchObject({ created: 1 });
    expect(await locks.countDocuments()).toBe(0);

    const { data } = await service.gql<{ bulkJobs: Array<{ id: string; status: string }> }>(`{ bulkJobs(kind: IMPORT, first: 2) { id status } }`);
    expect(data.bulkJobs.map((j) => j.id)).toEqual([job.id, id]);
  });

  it("cancels a running import between chunks: what was saved stays, the rest is not read", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `CANCEL-${i},home,Cancel ${i}`);
    const file = join(folder, "big.csv");
    await writeFile(file, `sku,family,name-en_US\n${rows.join("\n")}\n`);
    const response = await service.request(`/imports?fileName=big.csv`, { method: "POST", body: await readFile(file) });
    const { id } = (await response.json()) as { id: string };
    for (let i = 0; i < 200; i++) {
      const { data } = await service.gql<{ bulkJob: Job }>(`query($id: ID!) { bulkJob(id: $id) { ${jobFields} } }`, { id });
      if (data.bulkJob.rowsDone > 0) {
        // An estimate from the first 64 KiB until the job ends.
        expect(Math.abs((data.bulkJob.rowsTotal ?? 0) - 3000)).toBeLessThan(150);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await service.gql(`mutation($id: ID!) { cancelBulkJob(id: $id) { id } }`, { id });
    const job = await waitForJob(service, id);
    expect(job.status).toBe("CANCELLED");
    expect(job.report?.cancelled).toBe(true);
    expect(job.rowsDone).toBeLessThan(3000);
    expect(await service.connection.collection("products").countDocuments({ sku: { $regex: "^CANCEL-" } })).toBe(job.report?.created);
  });
});
