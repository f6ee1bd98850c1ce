import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ValueEntry } from "../../catalog/validation/product-validation.js";
import { PimError } from "../../errors.js";
import type { GraphQLContext } from "../context.js";
import { ProductModelFilterInput, ProductModelInput, ProductModelSortField, ProductModelSortInput, WriteModeEnum } from "../types/product.inputs.js";
import type { ProductModelFilter } from "../../catalog/products/model-query.js";
import { HistoryEntryType } from "../types/product-results.types.js";
import {
  PageInfoType,
  ProductModelConnectionType,
  ProductModelEdgeType,
  ProductModelType,
  ProductType,
  ProductValueType,
  ResolvedValueType,
  toProductModelType,
  toProductType,
} from "../types/product.types.js";
import { FamilyVariantType } from "../types/reference.types.js";
import { associationsMap } from "./product-conversions.js";
import { plainInput } from "./plain-input.js";
import { readableHistory } from "./catalog-admin.resolver.js";
import { readableValues, resolveInherited, toValueList, valueSources } from "./product-fields.resolver.js";
import { maxPageSize } from "./product.resolver.js";
import { Allow, productReaders } from "../../auth/roles.js";
import { readableTrees } from "../../auth/principal.js";

@Resolver(() => ProductModelType)
export class ProductModelResolver {
  @Allow(...productReaders)
  @Query(() => ProductModelType, { nullable: true })
  async productModel(@Arg("code", () => String) code: string, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType | null> {
    const model = await loaders.readableModelByCode.load(code);
    return model ? toProductModelType(model) : null;
  }

  @Allow(...productReaders)
  @Query(() => ProductModelConnectionType, { description: "Product models a page at a time, by code (the default) or update time" })
  async productModels(
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("familyVariant", () => String, { nullable: true, description: "Same as filter.familyVariants with one code" }) familyVariant: string | null,
    @Arg("parent", () => String, { nullable: true, description: "Same as filter.parent" }) parent: string | null,
    @Arg("filter", () => ProductModelFilterInput, { nullable: true }) filter: ProductModelFilterInput | null,
    @Arg("sort", () => ProductModelSortInput, { nullable: true }) sort: ProductModelSortInput | null,
    @Ctx() { catalog, principal }: GraphQLContext,
  ): Promise<ProductModelConnectionType> {
    if (first < 1 || first > maxPageSize) throw new PimError("BAD_USER_INPUT", `first must be between 1 and ${maxPageSize}`, [{ path: ["first"], message: "out of range" }]);
    const trees = readableTrees(principal);
    const plain: ProductModelFilter = filter ? plainInput(filter) : {};
    if (filter?.updatedSince) plain.updatedSince = filter.updatedSince;
    if (familyVariant) plain.familyVariants = [...(plain.familyVariants ?? []), familyVariant];
    if (parent) plain.parent = parent;
    if (trees) plain.codes = await catalog.modelsInTrees(trees);
    const page = await catalog.findModelPage(plain, { field: sort?.field ?? ProductModelSortField.CODE, direction: sort?.direction ?? "ASC" }, first, after);
    const nodes = page.models.map(toProductModelType);
    return Object.assign(new ProductModelConnectionType(), {
      edges: nodes.map((node, i) => Object.assign(new ProductModelEdgeType(), { cursor: page.cursors[i], node })),
      pageInfo: Object.assign(new PageInfoType(), {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors.at(-1) ?? null,
      }),
      countTotal: () => catalog.countModels(plain),
    });
  }

  @Allow("editor")
  @Query(() => [HistoryEntryType])
  async productModelHistory(@Arg("code", () => String) code: string, @Ctx() context: GraphQLContext): Promise<HistoryEntryType[]> {
    return readableHistory("product_model", code, context);
  }

  @Allow("editor")
  @Mutation(() => ProductModelType)
  async createProductModel(@Arg("input", () => ProductModelInput) input: ProductModelInput, @Ctx() context: GraphQLContext): Promise<ProductModelType> {
    return this.save(input, "create", WriteModeEnum.REPLACE, null, context);
  }

  @Allow("editor")
  @Mutation(() => ProductModelType, {
    description: "Changes the model's own values: with mode MERGE (the default) each value given is set, one with null data removed, and the rest stays; variants see the change at once and their completeness follows",
  })
  async updateProductModel(
    @Arg("input", () => ProductModelInput) input: ProductModelInput,
    @Arg("expectedVersion", () => Int, { nullable: true }) expectedVersion: number | null,
    @Arg("mode", () => WriteModeEnum, { defaultValue: WriteModeEnum.MERGE, description: "MERGE keeps the values the input leaves out; REPLACE removes them" }) mode: WriteModeEnum,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductModelType> {
    return this.save(input, "update", mode, expectedVersion, context);
  }

  @Allow("editor")
  @Mutation(() => Boolean)
  async deleteProductModel(@Arg("code", () => String) code: string, @Ctx() { catalog, writer }: GraphQLContext): Promise<boolean> {
    await catalog.deleteProductModel(code, writer);
    return true;
  }

  private async save(input: ProductModelInput, mode: "create" | "update", writeMode: WriteModeEnum, expectedVersion: number | null, { catalog, writer }: GraphQLContext): Promise<ProductModelType> {
    const plain = plainInput(input, ["parent"]);
    const { model } = await catalog.saveProductModel(
      { ...plain, familyVariant: plain.familyVariant ?? undefined, values: input.values as Record<string, ValueEntry[]> | undefined, associations: associationsMap(plain.associations) },
      { ...writer, mode, writeMode, ...(expectedVersion !== null ? { expectedVersion } : {}) },
    );
    return toProductModelType(model);
  }

  @FieldResolver(() => FamilyVariantType, { nullable: true })
  async familyVariant(@Root() model: ProductModelType, @Ctx() { catalog, loaders }: GraphQLContext): Promise<FamilyVariantType | null> {
    const variant = (await loaders.definitions()).familyVariants.get(model.familyVariantCode);
    return variant ? Object.assign(new FamilyVariantType(), variant) : null;
  }

  @FieldResolver(() => ProductModelType, { nullable: true })
  async parent(@Root() model: ProductModelType, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType | null> {
    const parent = model.parentCode ? await loaders.readableModelByCode.load(model.parentCode) : null;
    return parent ? toProductModelType(parent) : null;
  }

  @FieldResolver(() => [ProductModelType], { description: "Sub-models (level 1 models of a two-level family variant)" })
  async subModels(@Root() model: ProductModelType, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType[]> {
    return (await loaders.subModelsOfModel.load(model.code)).map(toProductModelType);
  }

  @FieldResolver(() => [ProductType], { description: "Every variant below this model: its own and those of its sub-models" })
  async allVariants(@Root() model: ProductModelType, @Ctx() { loaders }: GraphQLContext): Promise<ProductType[]> {
    const subModels = await loaders.subModelsOfModel.load(model.code);
    const lists = await Promise.all([model.code, ...subModels.map((sub) => sub.code)].map((code) => loaders.variantsOfModel.load(code)));
    return lists.flat().map(toProductType);
  }

  @FieldResolver(() => [ProductType], { description: "Variants attached directly to this model" })
  async variants(@Root() model: ProductModelType, @Ctx() { loaders }: GraphQLContext): Promise<ProductType[]> {
    return (await loaders.variantsOfModel.load(model.code)).map(toProductType);
  }

  @FieldResolver(() => [ProductValueType])
  async values(
    @Root() model: ProductModelType,
    @Arg("attributes", () => [String], { nullable: true }) attributes: string[] | null,
    @Ctx() { loaders, principal }: GraphQLContext,
  ): Promise<ProductValueType[]> {
    return readableValues(toValueList(await valueSources(model.stored, model.code, loaders), attributes), principal);
  }

  @FieldResolver(() => ResolvedValueType, { nullable: true })
  async value(
    @Root() model: ProductModelType,
    @Arg("attribute", () => String) attribute: string,
    @Arg("locale", () => String, { nullable: true }) locale: string | null,
    @Arg("channel", () => String, { nullable: true }) channel: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ResolvedValueType | null> {
    return resolveInherited(model.stored, model.code, { attribute, locale, channel }, context);
  }
}

@Resolver(() => ProductModelConnectionType)
export class ProductModelConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() connection: ProductModelConnectionType): Promise<number> {
    return connection.countTotal();
  }
}
