import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { PimError } from "../../errors.js";
import { consistencyReport, findInconsistentProducts, unexplainedIn } from "../../feeds/consistency.js";
import { renderProduct } from "../../feeds/render-product.js";
import type { GraphQLContext } from "../context.js";
import { ConsistencyReportType, InconsistentProductsType, ProductRenderingType } from "../types/channel-feed.types.js";
import { Allow } from "../../auth/roles.js";
import { assertMayReadLocale, assertUnlimited, mayReadLocale } from "../../auth/read-rights.js";

/** Each product is mapped by every channel, so a scan is far costlier per result than a product page. */
export const maxInconsistentProducts = 200;

@Resolver()
export class ChannelFeedResolver {
  @Allow("editor")
  @Query(() => ProductRenderingType, { description: "Exactly what one channel gets for one product: items, fields with provenance, problems" })
  async renderProduct(
    @Arg("sku", () => String, { description: "The product's SKU; a product the caller may not read renders as NOT_FOUND" }) sku: string,
    @Arg("channel", () => String, { description: "A channel with export settings whose locale the caller may read" }) channel: string,
    @Ctx() { catalog, loaders, principal }: GraphQLContext,
  ): Promise<ProductRenderingType> {
    assertMayReadLocale(principal, (await loaders.definitions()).channels.get(channel)?.export?.locale, ["channel"]);
    // A product outside the caller's trees is rendered as one that does not exist.
    return renderProduct(catalog, (await loaders.productBySku.load(sku)) ? sku : "", channel);
  }

  @Allow("editor")
  @Query(() => ConsistencyReportType, {
    description: "Title, description, prices, availability and image on every channel next to the source, each difference explained or flagged",
  })
  async consistencyReport(
    @Arg("sku", () => String, { description: "The product's SKU" }) sku: string,
    @Ctx() { catalog, feeds, loaders, principal }: GraphQLContext,
  ): Promise<ConsistencyReportType> {
    if (!(await loaders.productBySku.load(sku))) return { sku, found: false, channels: [], unexplained: 0 };
    const report = await consistencyReport(catalog, sku, feeds.freshness);
    const definitions = await loaders.definitions();
    const channels = report.channels.filter((entry) => mayReadLocale(principal, definitions.channels.get(entry.channel)?.export?.locale ?? null));
    return { ...report, channels, unexplained: unexplainedIn(channels) };
  }

  @Allow("editor")
  @Query(() => InconsistentProductsType, {
    description: `Streams the catalog and returns the first products (at most ${maxInconsistentProducts}) with differences nothing explains; refused to keys limited to locales or category trees`,
  })
  async inconsistentProducts(
    @Arg("first", () => Int, { defaultValue: 20, description: `How many products to find, 1 to ${maxInconsistentProducts} (default 20)` }) first: number,
    @Ctx() { catalog, feeds, principal }: GraphQLContext,
  ): Promise<InconsistentProductsType> {
    assertUnlimited(principal, "inconsistentProducts");
    if (first < 1 || first > maxInconsistentProducts) {
      throw new PimError("BAD_USER_INPUT", `first must be between 1 and ${maxInconsistentProducts}`, [
        { path: ["first"], message: `between 1 and ${maxInconsistentProducts}` },
      ]);
    }
    return findInconsistentProducts(catalog, first, feeds.freshness);
  }
}
