import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { getProduct, uploadImport } from "./bulk-client.js";

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
    expect(job.status).toBe("SUCCEEDED");
    expect(job.delimiter).toBe(";");
    expect(job.encoding).toBe("utf-8");
    console.log(JSON.stringify(job.report, null, 1));
    expect(job.report).toMatchObject({ rowsRead: 5, created: 5, updated: 0, unchanged: 0, rejected: 0, dryRun: false, problems: [] });
    const kettle = await getProduct(service, "HC-KETTLE-17");
    console.log(kettle);
  });
});
