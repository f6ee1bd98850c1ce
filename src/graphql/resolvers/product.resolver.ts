import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { PimError } from "../../errors.js";
import { firstError } from "../../catalog/products/product-changes.js";
import type { GraphQLContext } from "../context.js";
import { ProductChangesInput, ProductFilterInput, ProductInput, ProductSortInput, WriteModeEnum } from "../types/product.inputs.js";
import { ProductConnectionType, ProductEdgeType, PageInfoType, ProductType, toProductType } from "../types/product.types.js";
import { HistoryEntryType, ProductSaveResultType, ProductUpsertResultType } from "../types/product-results.types.js";
import { associationsMap, toCatalogProductInput, toUpsertResult } from "./product-conversions.js";
import { plainInput } from "./plain-input.js";
import { readableHistory } from "./catalog-admin.resolver.js";
import { readableTrees } from "../../auth/principal.js";
import type { ProductFilter } from "../../catalog/products/product-query.js";
import { Allow, productReaders } from "../../auth/roles.js";

export const maxPageSize = 500;
export const maxBulkSize = 1000;

function pageSize(first: number): number {
  if (first < 1 || first > maxPageSize)
    throw new PimError("BAD_USER_INPUT", `first must be between 1 and ${maxPageSize}`, [{ path: ["first"], message: `between 1 and ${maxPageSize}` }]);
  return first;
}

@Resolver(() => ProductType)
export class ProductResolver {
  @Allow(...productReaders)
  @Query(() => ProductType, { nullable: true, description: "One product; null when none has this SKU or the caller may not read it" })
  async product(@Arg("sku", () => String, { description: "The product's SKU" }) sku: string, @Ctx() { loaders }: GraphQLContext): Promise<ProductType | null> {
    const stored = await loaders.productBySku.load(sku);
    return stored ? toProductType(stored) : null;
  }

  @Allow(...productReaders)
  @Query(() => ProductConnectionType, { description: `Products, a page at a time (at most ${maxPageSize}); cursors stay valid while products are added` })
  async products(
    @Arg("first", () => Int, { defaultValue: 50, description: `Page size, 1 to ${maxPageSize} (default 50)` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The previous page's endCursor, with the same sort; omitted or null: the first page" }) after:
      | string
      | null,
    @Arg("filter", () => ProductFilterInput, { nullable: true, description: "Which products; omitted or null: every product the caller may read" })
    filter: ProductFilterInput | null,
    @Arg("sort", () => ProductSortInput, { nullable: true, description: "The order; omitted or null: by SKU, ascending" }) sort: ProductSortInput | null,
    @Ctx() { catalog, loaders, principal }: GraphQLContext,
  ): Promise<ProductConnectionType> {
    const plainFilter: ProductFilter = filter ? plainInput(filter) : {};
    if (filter?.updatedSince) plainFilter.updatedSince = filter.updatedSince;
    const trees = readableTrees(principal);
    if (trees) plainFilter.trees = trees;
    const page = await catalog.findProductPage(
      plainFilter,
      { field: sort?.field ?? "SKU", direction: sort?.direction ?? "ASC", attribute: sort?.attribute, locale: sort?.locale, channel: sort?.channel },
      pageSize(first),
      after,
    );
    for (const product of page.products) loaders.productBySku.prime(product.sku, product);
    return Object.assign(new ProductConnectionType(), {
      edges: page.products.map((p, i) => Object.assign(new ProductEdgeType(), { cursor: page.cursors[i], node: toProductType(p) })),
      pageInfo: Object.assign(new PageInfoType(), {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors.at(-1) ?? null,
      }),
      countTotal: () => catalog.countProducts(plainFilter),
    });
  }

  @Allow("editor")
  @Query(() => [HistoryEntryType], { description: "The latest 100 recorded changes of a product, newest first" })
  async productHistory(
    @Arg("sku", () => String, { description: "The product's SKU" }) sku: string,
    @Ctx() context: GraphQLContext,
  ): Promise<HistoryEntryType[]> {
    return readableHistory("product", sku, context);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "Creates a product; refused with CONFLICT when the SKU is taken, or with the problems of its input" })
  async createProduct(
    @Arg("input", () => ProductInput, { description: "The whole product" }) input: ProductInput,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    const [result] = await catalog.saveProducts([toCatalogProductInput(input)], { ...writer, mode: "create" });
    if (!result?.product || result.status === "error") throw firstError(result ?? { sku: input.sku, status: "error", errors: [], warnings: [] });
    return Object.assign(new ProductSaveResultType(), { product: toProductType(result.product), status: result.status, warnings: result.warnings });
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "Changes only what is given; with expectedVersion, refuses with CONFLICT if someone saved first" })
  async updateProduct(
    @Arg("sku", () => String, { description: "The product's SKU" }) sku: string,
    @Arg("changes", () => ProductChangesInput, { description: "What to change; the rest stays" }) changes: ProductChangesInput,
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    const plain = plainInput(changes, ["data"]);
    const result = await catalog.updateProduct(sku, { ...plain, associations: associationsMap(plain.associations) }, expectedVersion ?? undefined, writer);
    return Object.assign(new ProductSaveResultType(), { product: toProductType(result.product!), status: result.status, warnings: result.warnings });
  }

  @Allow("editor")
  @Mutation(() => Boolean, { description: "Deletes a product and returns true; with expectedVersion, refuses with CONFLICT if someone saved first" })
  async deleteProduct(
    @Arg("sku", () => String, { description: "The product's SKU" }) sku: string,
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteProduct(sku, expectedVersion ?? undefined, writer);
    return true;
  }

  @Allow("editor")
  @Mutation(() => [ProductUpsertResultType], {
    description: `Creates or updates up to ${maxBulkSize} products; one result per item, in order. An existing product is merged with its item (mode MERGE, the default): what the item leaves out stays`,
  })
  async upsertProducts(
    @Arg("products", () => [ProductInput], { description: `At most ${maxBulkSize} products; an item repeating an earlier SKU of the call is refused` })
    products: ProductInput[],
    @Arg("mode", () => WriteModeEnum, { defaultValue: WriteModeEnum.MERGE, description: "MERGE keeps the values an item leaves out; REPLACE removes them" })
    mode: WriteModeEnum,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<ProductUpsertResultType[]> {
    if (products.length > maxBulkSize)
      throw new PimError("BAD_USER_INPUT", `at most ${maxBulkSize} products per call, got ${products.length}`, [{ path: ["products"], message: "too many" }]);
    const results = await catalog.upsertProducts(products.map(toCatalogProductInput), mode, writer);
    return results.map(toUpsertResult);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "Restores the content of an earlier version; the restore is recorded as a new version" })
  async revertProduct(
    @Arg("sku", () => String, { description: "The product's SKU" }) sku: string,
    @Arg("version", () => Int, { description: "The earlier version whose content to restore" }) version: number,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    const result = await catalog.revertProduct(sku, version, writer);
    return Object.assign(new ProductSaveResultType(), { product: toProductType(result.product!), status: result.status, warnings: result.warnings });
  }
}
