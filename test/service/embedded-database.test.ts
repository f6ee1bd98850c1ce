import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseError, ensureFerretDB } from "../../src/embedded-db/ferretdb-binary.js";

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("getting the embedded database binary", () => {
  it("says in plain words that Go is missing and points to MONGODB_URI", async () => {
    const emptyCache = await mkdtemp(join(tmpdir(), "pim-no-go-"));
    folders.push(emptyCache);
    const attempt = ensureFerretDB(() => undefined, { PATH: "/nonexistent", XDG_CACHE_HOME: emptyCache, HOME: emptyCache });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedDatabaseError);
    await expect(attempt).rejects.toThrow(/Go is not installed .*set MONGODB_URI to your MongoDB/);
  });

  it("refuses a FERRETDB_BIN that is not an executable", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pim-bin-"));
    folders.push(folder);
    const notExecutable = join(folder, "ferretdb");
    await writeFile(notExecutable, "#!/bin/sh\n", { mode: 0o644 });
    await expect(ensureFerretDB(() => undefined, { FERRETDB_BIN: notExecutable })).rejects.toThrow(`FERRETDB_BIN is set to ${notExecutable}, which is not an executable file`);
    await expect(ensureFerretDB(() => undefined, { FERRETDB_BIN: folder })).rejects.toThrow(EmbeddedDatabaseError);
  });
});
