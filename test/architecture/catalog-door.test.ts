import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";

async function sourcesOutsideCatalog(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ["src", "channel-exporters"]) {
    const entries = await readdir(join(projectRoot, folder), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      const file = relative(projectRoot, join(entry.parentPath, entry.name));
      if (entry.isFile() && file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("src/catalog/")) files.push(file);
    }
  }
  return files;
}

/** The catalog's collection names, as its models register them. */
async function catalogCollections(): Promise<string[]> {
  const models = await readFile(join(projectRoot, "src/catalog/models.ts"), "utf8");
  return [...models.matchAll(/connection\.model\("\w+", \w+, "(\w+)"\)/g)].map((match) => match[1] as string);
}

describe("the catalog's doors", () => {
  it("are the only way in: nothing outside src/catalog holds its models or names its collections", async () => {
    const collections = await catalogCollections();
    expect(collections).toContain("products");
    const trespasses: string[] = [];
    for (const file of await sourcesOutsideCatalog()) {
      const text = await readFile(join(projectRoot, file), "utf8");
      if (/from "[./]+\/catalog\/(models|catalog-context)\.js"/.test(text)) trespasses.push(`${file} imports the catalog's models or context`);
      for (const name of collections) if (text.includes(`collection("${name}")`)) trespasses.push(`${file} opens the ${name} collection`);
      if (/\bcatalog\.(models|context)\b/.test(text)) trespasses.push(`${file} reaches into the catalog's internals`);
    }
    expect(trespasses).toEqual([]);
  });
});
