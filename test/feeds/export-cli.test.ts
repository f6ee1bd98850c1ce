import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { startDemoCatalog, type DemoCatalog } from "../helpers/demo-feeds.js";

const run = promisify(execFile);

/** The built CLI (`npm run export` runs the same file), against the test database. */
function exportCli(uri: string, args: string[]) {
  return run(process.execPath, [join(projectRoot, "dist", "src", "cli", "export-feed.js"), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", MONGODB_URI: uri, LOG_LEVEL: "error" },
  });
}

describe("npm run export", () => {
  let demo: DemoCatalog;
  let folder: string;

  beforeAll(async () => {
    demo = await startDemoCatalog("export-cli");
    folder = await mkdtemp(join(tmpdir(), "pim-export-"));
  });
  afterAll(async () => {
    await demo?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it("writes one channel's feed to the file named, and ends with the report", async () => {
    const out = join(folder, "google.xml");
    const { stderr } = await exportCli(demo.uri, ["google_shopping", "--out", out]);
    const xml = await readFile(out, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = new XMLParser({ isArray: (name) => name === "item" }).parse(xml).rss.channel.item as unknown[];
    expect(stderr).toContain(`items written ${items.length} · rejected 0`);
    expect(stderr).toMatch(/products read 60 · disabled 3/);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it("names an unknown channel and leaves no file behind", async () => {
    const out = join(folder, "nothing.xml");
    const failure = await exportCli(demo.uri, ["no_such_channel", "--out", out]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("Channel no_such_channel does not exist");
    expect(existsSync(out)).toBe(false);
  });
});
