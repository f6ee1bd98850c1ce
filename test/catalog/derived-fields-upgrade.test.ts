import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { missingDerivedFields } from "../../src/catalog/products/completeness-refresh.js";
import { startService } from "../../src/server.js";
import { eventually } from "../helpers/eventually.js";
import { testDatabaseUri } from "../helpers/test-database.js";
import { copyDemoTemplate, testConfig } from "../helpers/test-service.js";

const uri = testDatabaseUri("derived-fields-upgrade");
let dataDir = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Starts the service on the shared database, runs the check, and stops it again. */
async function withService(check: (service: Awaited<ReturnType<typeof startService>>) => Promise<void>): Promise<void> {
  const service = await startService(testConfig(uri, dataDir), pino({ level: "silent" }), { monitorCommands: false });
  try {
    await check(service);
  } finally {
    await service.stop();
  }
}

describe("a database stored before the derived fields (numbers, sortKeys) existed", () => {
  it("gets them from a refresh its first start asks for, and later starts do not scan for them again", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "pim-upgrade-"));
    await copyDemoTemplate(uri, dataDir);
    await withService(async ({ connection }) => {
      // As an old database looks: no derived fields and no record that the upgrade was asked for.
      await connection.collection("products").updateMany({}, { $unset: { numbers: "", sortKeys: "" } });
      await connection.collection("catalog_upgrades").deleteMany({});
    });

    await withService(async ({ connection }) => {
      const products = connection.collection("products");
      await eventually(
        "every product has its derived fields",
        async () => ((await products.countDocuments(missingDerivedFields)) === 0 ? true : undefined),
        60_000,
        200,
      );
      expect(await connection.collection("catalog_upgrades").countDocuments()).toBe(1);
      await products.updateMany({}, { $unset: { numbers: "", sortKeys: "" } });
    });

    await withService(async ({ connection, catalog }) => {
      expect((await catalog.completeness.state()).pending).toBe(0);
      expect(await connection.collection("products").countDocuments(missingDerivedFields)).toBeGreaterThan(0);
    });
    await withService(({ connection }) => connection.dropDatabase().then(() => undefined));
  });
});
