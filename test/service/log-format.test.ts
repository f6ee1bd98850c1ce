import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { spawnService, stopSpawnedServices } from "../helpers/service-process.js";
import { testDatabaseUri } from "../helpers/test-database.js";

const folders: string[] = [];
afterAll(async () => {
  await stopSpawnedServices();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe("the service's log format", () => {
  it("is one readable line per entry with LOG_FORMAT=pretty, and JSON lines when stdout is not a terminal and nothing is asked", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "pim-logs-"));
    folders.push(dataDir);
    const env = { PORT: "0", MONGODB_URI: testDatabaseUri("log-format"), SEED_DEMO: "false", GENERATE_FEEDS: "false", DATA_DIR: dataDir };

    const pretty = spawnService({ ...env, LOG_FORMAT: "pretty" });
    const started = await eventually(
      "the pretty service logged that it listens",
      async () => (/listening/i.test(pretty.stdout()) ? pretty.stdout() : undefined),
      60_000,
      100,
    );
    pretty.child.kill("SIGTERM");
    await pretty.exited;
    const lines = started.split("\n").filter((line) => line.trim() !== "");
    expect(
      lines.some((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: .*listening/i.test(line)),
      started,
    ).toBe(true);
    expect(lines.filter((line) => line.startsWith("{"))).toEqual([]);

    const json = spawnService(env);
    await json.waitForLog("PIM service listening", 60_000);
    json.child.kill("SIGTERM");
    await json.exited;
    for (const line of json
      .stdout()
      .split("\n")
      .filter((l) => l.trim() !== ""))
      expect(() => JSON.parse(line), line).not.toThrow();
  });
});
