import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { fleetOnDatabase, spawnService, spawnedAdminKey } from "../helpers/service-process.js";
import { testDatabaseUri } from "../helpers/test-database.js";

interface ImportJob {
  id: string;
  status: string;
  error: string | null;
  counts: { rowsRead: number; created: number; unchanged: number; rejected: number };
}

describe("an import whose process dies", () => {
  const fleet = fleetOnDatabase(testDatabaseUri("import-takeover"), { GENERATE_FEEDS: "false" });
  afterAll(() => fleet.cleanUp());

  it("is taken over by another process, which reads the uploaded file from shared storage, finishes it and serves its rejected rows", async () => {
    const { env } = fleet;
    const doomed = spawnService(await env({ PIM_FAILPOINT: "during-import:products" }));
    const doomedUrl = String((await doomed.waitForLog("PIM service listening")).url).replace(/\/graphql$/, "");

    // Alone on the database, the doomed process takes the import: the first chunk of 500 rows is saved, then it dies.
    // One bad row of 1,200 is rejected at the end.
    const rows = Array.from({ length: 1_199 }, (_, i) => `TAKEOVER-${String(i).padStart(4, "0")},electronics`);
    const csv = `sku,family\n${rows.join("\n")}\nTAKEOVER-BAD,no_such_family\n`;
    const headers = { authorization: `Bearer ${spawnedAdminKey}` };
    const started = await fetch(`${doomedUrl}/imports?format=csv&fileName=takeover.csv`, { method: "POST", headers, body: csv });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as ImportJob;
    expect(await doomed.exited).toBeNull();
    // Started only now: any process may take a queued job, and this one must find it half done.
    const survivor = spawnService(await env());
    const survivorUrl = String((await survivor.waitForLog("PIM service listening")).url).replace(/\/graphql$/, "");

    // The survivor takes the job over once its lease lapses and runs the file again from the top.
    const job = await eventually(
      "the import finished by the survivor",
      async () => {
        const response = await fetch(`${survivorUrl}/imports/${id}`, { headers });
        const current = (await response.json()) as ImportJob;
        return current.status === "SUCCEEDED" ? current : undefined;
      },
      60_000,
      250,
    );
    expect(job.counts).toMatchObject({ rowsRead: 1_200, rejected: 1 });
    expect(job.counts.created + job.counts.unchanged).toBe(1_199);
    expect(job.counts.unchanged).toBeGreaterThanOrEqual(500);

    const rejected = await fetch(`${survivorUrl}/imports/${id}/rejected`, { headers });
    expect(rejected.status).toBe(200);
    const records = parse(await rejected.text(), { columns: true }) as Array<Record<string, string>>;
    expect(records.map((record) => record.sku)).toEqual(["TAKEOVER-BAD"]);
  }, 120_000);
});
