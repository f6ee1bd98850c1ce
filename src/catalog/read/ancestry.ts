import { idFilter } from "../../database/id-filter.js";
import type { CatalogModels } from "../models.js";
import type { StoredProductModel } from "../products/product-document.js";
import { mergeInheritedValues, type RawValues } from "../values/raw-values.js";

/**
 * The one walk up the variant tree. A product or model inherits the values and categories of every
 * model above it; the API, the feeds, the scope checks and the write path all read that inheritance
 * from here, so they cannot disagree about what a variant has.
 */

/** Models nest at most two levels; the bound also ends the walk on a corrupt cycle. */
const deepestChain = 2;

interface Link {
  parent: string | null;
}

/** The models above a product or model, root first, from models already at hand. */
export function chainAbove<Model extends Link>(parent: string | null, modelByCode: (code: string) => Model | null | undefined): Model[] {
  const chain: Model[] = [];
  for (let code = parent; code && chain.length < deepestChain; ) {
    const model = modelByCode(code);
    if (!model) break;
    chain.unshift(model);
    code = model.parent;
  }
  return chain;
}

/** The same walk through an asynchronous lookup, such as a request's loader. */
export async function loadChainAbove<Model extends Link>(parent: string | null, load: (code: string) => Promise<Model | null | undefined>): Promise<Model[]> {
  const found = new Map<string, Model>();
  for (let code = parent; code && found.size < deepestChain; ) {
    const model = await load(code);
    if (!model) break;
    found.set(code, model);
    code = model.parent;
  }
  return chainAbove(parent, (code) => found.get(code));
}

/** The chain above each parent code (root first), for a batch of writes: at most two queries. */
export async function loadAncestorChains(parentCodes: Array<string | null>, models: CatalogModels): Promise<Map<string, StoredProductModel[]>> {
  const byCode = new Map<string, StoredProductModel>();
  let missing = [...new Set(parentCodes.filter((code): code is string => !!code))];
  for (let level = 0; missing.length && level < deepestChain; level++) {
    const found = (await models.productModels.find(idFilter(missing)).lean()) as unknown as StoredProductModel[];
    for (const model of found) byCode.set(model.code, model);
    missing = [...new Set(found.map((model) => model.parent).filter((code): code is string => !!code && !byCode.has(code)))];
  }
  const chains = new Map<string, StoredProductModel[]>();
  for (const code of parentCodes)
    if (code && byCode.has(code))
      chains.set(
        code,
        chainAbove(code, (c) => byCode.get(c)),
      );
  return chains;
}

/** Categories accumulate down the tree: a variant is in its own categories and every one of its models'. */
export function inheritedCategories(chain: ReadonlyArray<{ categories: readonly string[] }>, own: readonly string[]): string[] {
  return [...new Set([...chain.flatMap((model) => model.categories), ...own])];
}

/** Values inherit downwards: the nearest level that sets a cell wins. */
export function inheritedValues(chain: ReadonlyArray<{ values: RawValues }>, own: RawValues): RawValues {
  return chain.length ? mergeInheritedValues(...chain.map((model) => model.values), own) : own;
}
