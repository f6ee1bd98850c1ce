import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueFeedToken } from "../../src/feeds/feed-tokens.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createKey } from "../auth/keys-for-roles.js";

let service: TestService;
let editor: string;
const uploadLimit = 64 * 1024;

beforeAll(async () => {
  service = await startTestService("security-files-and-paths", { seedDemo: true, bulk: { maxUploadBytes: uploadLimit } });
  editor = await createKey(service, { name: "careless editor", role: "EDITOR" });
});
afterAll(() => service?.stop());

/** Every file under a folder, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

const jobCount = () => service.connection.collection("bulk_jobs").countDocuments();
const csv = "sku,family\nPATH-1,electronics\n";

describe("request values never become file-system paths", () => {
  it("refuses an import whose format climbs out of the job folder, and writes nothing anywhere", async () => {
    const before = await filesUnder(service.dataDir);
    for (const format of ["/../../../x", "../../feeds/google_shopping/current.json", "csv/../../../x", "csv\u0000"]) {
      const response = await service.requestAs(editor, `/imports?${new URLSearchParams({ format })}`, { method: "POST", body: csv });
      expect(response.status, format).toBe(400);
      expect(await response.json()).toMatchObject({
        error: "BAD_USER_INPUT",
        problems: expect.arrayContaining([expect.objectContaining({ path: ["format"] })]),
      });
    }
    const traversal = await service.requestAs(editor, `/imports?${new URLSearchParams({ fileName: "../../../../x.csv" })}`, { method: "POST", body: csv });
    expect(traversal.status).toBe(202);
    const job = (await traversal.json()) as { id: string; fileName: string };
    expect(job.fileName).toBe("../../../../x.csv");
    const after = (await filesUnder(service.dataDir)).filter((file) => !before.includes(file));
    // The only new files are the accepted job's own, in its own folder.
    for (const file of after) expect(file.startsWith(join("bulk", job.id))).toBe(true);
    expect(after).toContain(join("bulk", job.id, "input.csv"));
  });

  it("never follows a snapshot pointer that names a file outside the channel's folder", async () => {
    const token = await issueFeedToken(service.feeds.models, "google_shopping");
    const folder = join(service.dataDir, "feeds", "google_shopping");
    await mkdir(folder, { recursive: true });
    await writeFile(join(service.dataDir, "secret.txt"), "not for marketplaces");
    const pointer = {
      channel: "google_shopping",
      etag: '"x"',
      generatedAt: new Date().toISOString(),
      sequence: 0,
      contentType: "text/plain",
      bytes: 20,
      gzipBytes: 20,
    };
    for (const file of ["../../secret.txt", "/etc/passwd", "feed-1.xml/../../../secret.txt"]) {
      await writeFile(join(folder, "current.json"), JSON.stringify({ ...pointer, file, gzipFile: file }));
      const response = await service.requestAs(null, `/feeds/google_shopping?token=${token}`);
      expect(response.status, file).toBe(503);
      expect(await response.text()).not.toContain("not for marketplaces");
    }
  });

  it("refuses an upload past IMPORT_MAX_UPLOAD_BYTES with 413 while it streams, and keeps nothing of it", async () => {
    const jobsBefore = await jobCount();
    const filesBefore = await filesUnder(join(service.dataDir, "bulk"));
    const big = `sku,family\n${"BIG-1,electronics\n".repeat(Math.ceil((uploadLimit * 4) / 18))}`;
    const declared = await service.requestAs(editor, "/imports?format=csv", { method: "POST", body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "PAYLOAD_TOO_LARGE", message: `The file is larger than the limit of ${uploadLimit} bytes` });
    // Without a Content-Length the limit is found while the body streams in.
    const chunks = [Buffer.from(big.slice(0, uploadLimit / 2)), Buffer.from(big.slice(uploadLimit / 2))];
    const streamed = await service.requestAs(editor, "/imports?format=csv", {
      method: "POST",
      body: new ReadableStream({
        pull: (controller) => {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await jobCount()).toBe(jobsBefore);
    expect(await filesUnder(join(service.dataDir, "bulk"))).toEqual(filesBefore);
    expect((await service.request("/healthz")).status).toBe(200);
  });

  it("serves an export only from its job's own folder; a command-line job's file is not served", async () => {
    const job = await service.bulk.createExport({ format: "csv", filter: {}, actor: "cli", origin: "command line" });
    const cliOutput = join(service.dataDir, "cli-export.csv");
    await service.bulk.runExport(job._id, { local: { export: cliOutput } });
    expect(await readFile(cliOutput, "utf8")).toContain("sku");
    const download = await service.requestAs(editor, `/exports/${job._id}/file`);
    expect(download.status).toBe(409);
    expect(await download.json()).toMatchObject({ error: "CONFLICT", message: expect.stringContaining("ran from the command line") });
  });
});
