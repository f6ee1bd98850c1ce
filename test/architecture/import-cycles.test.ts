import { readdir, readFile } from "node:fs/promises";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/project-root.js";

/** Every TypeScript source file under a folder, tests left out. */
async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(join(projectRoot, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)));
}

describe("the module graph", () => {
  it("has no two source files that import each other", async () => {
    const files = [...(await sources("src")), ...(await sources("channel-exporters"))];
    const imports = new Map<string, Set<string>>();
    for (const file of files) {
      const text = await readFile(join(projectRoot, file), "utf8");
      const targets = [...text.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)].map((match) => normalize(join(dirname(file), `${match[1]}.ts`)));
      imports.set(file, new Set(targets));
    }
    const mutual = [...imports].flatMap(([file, targets]) =>
      [...targets].filter((target) => target > file && imports.get(target)?.has(file)).map((target) => `${file} <-> ${target}`),
    );
    expect(mutual).toEqual([]);
  });
});
