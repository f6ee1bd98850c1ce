import type { CatalogServices } from "../catalog/services.js";
import type { ItemResult } from "../catalog/products/save-products.js";
import { getRawValue } from "../catalog/values/raw-values.js";
import { PimError, type FieldProblem } from "../errors.js";
import type { Writer } from "../catalog/write-guard.js";

/** What an editor does to a product's list of images; the first image is the one a channel shows first. */
export type MediaOperation =
  | { kind: "attach"; assets: string[]; position?: number | null }
  | { kind: "detach"; assets: string[] }
  | { kind: "order"; assets: string[] }
  | { kind: "main"; asset: string };

/** Which value of the product the operation changes: the all-channels one, or one channel's override. */
export interface MediaTarget {
  attribute: string;
  channel: string | null;
  locale: string | null;
}

const refuse = (message: string, problems: FieldProblem[]) => new PimError("BAD_USER_INPUT", message, problems);

/** The new list of asset ids; refuses what cannot be meant (detaching an image that is not there, an order that drops one). */
export function applyMediaOperation(current: readonly string[], operation: MediaOperation): string[] {
  switch (operation.kind) {
    case "attach": {
      const added = operation.assets.filter((asset, i) => !current.includes(asset) && operation.assets.indexOf(asset) === i);
      const at = operation.position ?? current.length;
      if (!Number.isInteger(at) || at < 0 || at > current.length)
        throw refuse(`position ${at} is outside 0…${current.length}`, [{ path: ["position"], message: `must be from 0 to ${current.length}` }]);
      return [...current.slice(0, at), ...added, ...current.slice(at)];
    }
    case "detach": {
      const problems = operation.assets.flatMap((asset, i) =>
        current.includes(asset) ? [] : [{ path: ["assets", String(i)], message: `asset ${asset} is not attached` }],
      );
      if (problems.length) throw refuse("Cannot detach images that are not attached", problems);
      return current.filter((asset) => !operation.assets.includes(asset));
    }
    case "order": {
      const problems: FieldProblem[] = operation.assets.flatMap((asset, i) =>
        current.includes(asset) && operation.assets.indexOf(asset) === i
          ? []
          : [{ path: ["assets", String(i)], message: current.includes(asset) ? `asset ${asset} is listed twice` : `asset ${asset} is not attached` }],
      );
      for (const asset of current)
        if (!operation.assets.includes(asset)) problems.push({ path: ["assets"], message: `the order leaves out attached asset ${asset}` });
      if (problems.length) throw refuse("The new order must list every attached image once", problems);
      return [...operation.assets];
    }
    case "main": {
      if (!current.includes(operation.asset))
        throw refuse(`asset ${operation.asset} is not attached`, [{ path: ["asset"], message: `asset ${operation.asset} is not attached: attach it first` }]);
      return [operation.asset, ...current.filter((asset) => asset !== operation.asset)];
    }
  }
}

function listOf(data: unknown): string[] {
  return Array.isArray(data) ? data.filter((item): item is string => typeof item === "string") : [];
}

/**
 * Applies an operation to a product's media value through the ordinary product update, so the change is
 * validated (unknown assets are refused), versioned, journaled and announced like any other. A channel's
 * override starts as a copy of the all-channels list.
 */
export async function changeProductMedia(
  catalog: CatalogServices,
  sku: string,
  target: MediaTarget,
  operation: MediaOperation,
  expectedVersion: number | undefined,
  writer: Writer,
): Promise<ItemResult> {
  const definitions = await catalog.definitions();
  const attribute = definitions.attributes.get(target.attribute);
  if (attribute?.type !== "media")
    throw refuse(`${target.attribute} is not a media attribute`, [{ path: ["attribute"], message: `${target.attribute} is not a media attribute` }]);
  if (target.channel !== null && !attribute.scopable) {
    throw refuse(`${attribute.code} is not scopable, so it has no per-channel images`, [
      { path: ["channel"], message: `${attribute.code} is not scopable: per-channel images need a scopable media attribute` },
    ]);
  }
  const [product] = await catalog.read.storedProducts([sku]);
  if (!product) throw new PimError("NOT_FOUND", `product ${sku} does not exist`, [{ path: ["sku"], message: `product ${sku} does not exist` }]);
  const own = getRawValue(product.values, attribute.code, target.channel, target.locale);
  const current = listOf(own ?? (target.channel !== null ? getRawValue(product.values, attribute.code, null, target.locale) : undefined));
  const data = applyMediaOperation(current, operation);
  return catalog.updateProduct(
    sku,
    { setValues: [{ attribute: attribute.code, channel: target.channel, locale: target.locale, data }] },
    expectedVersion,
    writer,
  );
}
