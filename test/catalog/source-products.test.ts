import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceProduct } from "../../src/catalog/read/source-products.js";
import { addSizeLater, type DemoCatalog, startDemoCatalog } from "../helpers/demo-feeds.js";

let demo: DemoCatalog;
beforeAll(async () => {
  demo = await startDemoCatalog("source-products");
});
afterAll(() => demo?.stop());

const rootOf = (product: SourceProduct) => product.ancestry[0]?.code;

async function read(options: { modelsTogether?: boolean; batchSize?: number }): Promise<SourceProduct[]> {
  const products: SourceProduct[] = [];
  for await (const product of demo.catalog.read.sourceProducts(options)) products.push(product);
  return products;
}

/** Whether each model's products come one after another. */
function modelsContiguous(products: SourceProduct[]): boolean {
  const finished = new Set<string>();
  let current: string | undefined;
  for (const product of products) {
    const root = rootOf(product);
    if (root !== current && current !== undefined) finished.add(current);
    if (root !== undefined && finished.has(root)) return false;
    current = root;
  }
  return true;
}

describe("reading the catalog's products with each model's products together", () => {
  // Small batches spread one model's products over several of the reader's batches and stretches.
  const batchSize = 5;

  it("hands over every product once, a model's products one after another, also a size added after the rest", async () => {
    await addSizeLater(demo.catalog, "NV-CREW-BLK-M", "NV-CREW-BLK-S", "s");
    const natural = await read({ batchSize });
    // The premise: in natural order the added size is far from its model's other sizes.
    expect(modelsContiguous(natural)).toBe(false);

    const together = await read({ batchSize, modelsTogether: true });
    expect(together.map((p) => p.sku).sort()).toEqual(natural.map((p) => p.sku).sort());
    expect(modelsContiguous(together)).toBe(true);
  });
});
