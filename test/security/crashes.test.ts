import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BSON } from "mongodb";
import ExcelJS from "exceljs";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { waitForJob } from "../bulk/bulk-client.js";

let service: TestService;

beforeAll(async () => {
  service = await startTestService("security-crashes", { seedDemo: true });
});
afterAll(() => service?.stop());

const jobCount = () => service.connection.collection("bulk_jobs").countDocuments();

async function upload(body: string | Buffer, format = "csv"): Promise<{ status: number; body: { error?: string; message?: string; id?: string } }> {
  const response = await service.request(`/imports?format=${format}`, { method: "POST", body });
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
}

describe("uploads that once took the process down", () => {
  it("refuses a header of a million columns with 422 and the limit, and stays up", async () => {
    const jobs = await jobCount();
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(",");
    const refused = await upload(`${header}\n${"x,".repeat(10)}\n`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: "INVALID_FILE", message: "the header has 1000000 columns; at most 10000 are accepted" });
    expect(await jobCount()).toBe(jobs);
    expect((await service.request("/healthz")).status).toBe(200);
  });

  it("refuses a 20 MB column name with 422 without holding it", async () => {
    const refused = await upload(`sku,${"n".repeat(20 * 1024 * 1024)}\nX,1\n`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: "INVALID_FILE", message: `row 1 is longer than the limit of ${8 * 1024 * 1024} characters a row may have` });
    const wideName = await upload(`sku,${"n".repeat(300)}\nX,1\n`);
    expect(wideName.status).toBe(422);
    expect(wideName.body.message).toBe("column 2 has a name of 300 characters; at most 255 are accepted");
    expect((await service.request("/healthz")).status).toBe(200);
  });

  it("keeps the report of an import whose every row is refused with a huge value: messages are cut, counts are whole", async () => {
    const hugeSku = (i: number) => `${"S".repeat(1024 * 1024)} ${i}`;
    const rows = Array.from({ length: 24 }, (_, i) => `${hugeSku(i)},electronics`);
    const accepted = await upload(`sku,family\n${rows.join("\n")}\n`);
    expect(accepted.status).toBe(202);
    const job = await waitForJob(service, accepted.body.id as string);
    expect(job.status).toBe("SUCCEEDED");
    expect(job.report).toMatchObject({ rowsRead: 24, rejected: 24, created: 0 });
    expect(new Set(job.report?.problems.map((problem) => problem.row)).size).toBe(24);
    for (const problem of job.report?.problems ?? []) {
      expect(problem.sku.length).toBeLessThan(400);
      expect(problem.message.length).toBeLessThan(600);
    }
    const stored = await service.connection.collection("bulk_jobs").findOne({ _id: accepted.body.id as never });
    expect(BSON.calculateObjectSize(stored as object)).toBeLessThan(1024 * 1024);
  });
});

describe("a workbook that needs more memory than the parser may use", () => {
  it("is refused with the reason, and the service is unharmed", async () => {
    const small = await startTestService("security-parser-memory", { bulk: { parserMemoryMb: 48 } });
    try {
      // 1.4 MB of XLSX whose shared strings unpack to 100 MB.
      const path = join(small.dataDir, "strings.xlsx");
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
      const sheet = workbook.addWorksheet("products");
      sheet.addRow(["sku", "name-en_US"]).commit();
      for (let i = 0; i < 50_000; i++) sheet.addRow([`B-${i}`, `${i} ${"x".repeat(2000)}`]).commit();
      sheet.commit();
      await workbook.commit();
      const response = await small.request("/imports?format=xlsx", { method: "POST", body: await readFile(path) });
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: "INVALID_FILE", message: expect.stringContaining("needs more than the 48 MiB the parser may use") });
      expect((await small.request("/healthz")).status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});

describe("a feed run that fails half-way", () => {
  it("fails that run, keeps the previous snapshot and leaves no error unhandled", async () => {
    const snapshots = service.feeds.snapshots;
    const first = await snapshots.publish("failing_run", "txt", "text/plain", 1, async (open) => {
      const sink = open(0);
      sink.end("first feed\n");
    });
    for (const failure of ["the exporter threw", "the sink was destroyed"]) {
      const failing = snapshots.publish("failing_run", "txt", "text/plain", 2, async (open) => {
        const sink = open(0);
        for (let i = 0; i < 200; i++) if (!sink.write(`${"row ".repeat(1000)}\n`)) await new Promise((resolve) => sink.once("drain", resolve));
        if (failure === "the sink was destroyed") sink.destroy(new Error(failure));
        else throw new Error(failure);
      });
      await expect(failing).rejects.toThrow(failure);
      expect(await snapshots.current("failing_run")).toEqual(first.info);
    }
    // A folder that disappears under a run (a disk that fails) fails that run too.
    const vanishing = snapshots.publish("failing_run", "txt", "text/plain", 3, async (open) => {
      const sink = open(0);
      await rm(join(service.dataDir, "feeds", "failing_run"), { recursive: true, force: true });
      sink.end("third feed\n");
    });
    await expect(vanishing).rejects.toThrow();
    expect((await service.request("/healthz")).status).toBe(200);
  });
});
