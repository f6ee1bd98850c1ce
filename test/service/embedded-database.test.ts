import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedDatabaseError, ensureEmbeddedDatabase } from "../../src/embedded-db/mongo-java-server.js";

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("setting the embedded database up", () => {
  it("says in plain words that a JDK is missing and points to MONGODB_URI", async () => {
    const emptyCache = await mkdtemp(join(tmpdir(), "pim-no-java-"));
    folders.push(emptyCache);
    const attempt = ensureEmbeddedDatabase(() => undefined, { PATH: "/nonexistent", XDG_CACHE_HOME: emptyCache, HOME: emptyCache });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedDatabaseError);
    await expect(attempt).rejects.toThrow(/Java Development Kit \(17 or newer, with javac\) is needed .*set MONGODB_URI to your MongoDB/);
    const wrongHome = ensureEmbeddedDatabase(() => undefined, {
      PATH: process.env.PATH ?? "",
      JAVA_HOME: emptyCache,
      XDG_CACHE_HOME: emptyCache,
      HOME: emptyCache,
    });
    await expect(wrongHome).rejects.toThrow(`in JAVA_HOME (${emptyCache})`);
  });
});
