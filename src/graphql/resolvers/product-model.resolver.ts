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
  @Query(() => ProductModelType, { nullable: true, description: "One product model; null when none has this code or the caller may not read it" })
  async productModel(
    @Arg("code", () => String, { description: "The model's code" }) code: string,
    @Ctx() { loaders }: GraphQLContext,
  ): Promise<ProductModelType | null> {
    const model = await loaders.readableModelByCode.load(code);
    return model ? toProductModelType(model) : null;
  }

  @Allow(...productReaders)
  @Query(() => ProductModelConnectionType, { description: `Product models a page at a time (at most ${maxPageSize}), by code (the default) or update time` })
  async productModels(
    @Arg("first", () => Int, { defaultValue: 50, description: `Page size, 1 to ${maxPageSize} (default 50)` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The previous page's endCursor, with the same sort; omitted or null: the first page" }) after:
      | string
      | null,
    @Arg("familyVariant", () => String, { nullable: true, description: "Same as filter.familyVariants with one code" }) familyVariant: string | null,
    @Arg("parent", () => String, { nullable: true, description: "Same as filter.parent" }) parent: string | null,
    @Arg("filter", () => ProductModelFilterInput, { nullable: true, description: "Which models; omitted or null: every model the caller may read" })
    filter: ProductModelFilterInput | null,
    @Arg("sort", () => ProductModelSortInput, { nullable: true, description: "The order; omitted or null: by code, ascending" })
    sort: ProductModelSortInput | null,
    @Ctx() { catalog, principal }: GraphQLContext,
  ): Promise<ProductModelConnectionType> {
    if (first < 1 || first > maxPageSize)
      throw new PimError("BAD_USER_INPUT", `first must be between 1 and ${maxPageSize}`, [{ path: ["first"], message: "out of range" }]);
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
  @Query(() => [HistoryEntryType], { description: "The latest 100 recorded changes of a product model, newest first" })
  async productModelHistory(
    @Arg("code", () => String, { description: "The model's code" }) code: string,
    @Ctx() context: GraphQLContext,
  ): Promise<HistoryEntryType[]> {
    return readableHistory("product_model", code, context);
  }

  @Allow("editor")
  @Mutation(() => ProductModelType, { description: "Creates a product model; refused with CONFLICT when the code is taken" })
  async createProductModel(
    @Arg("input", () => ProductModelInput, { description: "The whole model" }) input: ProductModelInput,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductModelType> {
    return this.save(input, "create", WriteModeEnum.REPLACE, null, context);
  }

  @Allow("editor")
  @Mutation(() => ProductModelType, {
    description:
      "Changes the model's own values: with mode MERGE (the default) each value given is set, one with null data removed, and the rest stays; variants see the change at once and their completeness follows",
  })
  async updateProductModel(
    @Arg("input", () => ProductModelInput, { description: "The model's code and what to change" }) input: ProductModelInput,
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Arg("mode", () => WriteModeEnum, { defaultValue: WriteModeEnum.MERGE, description: "MERGE keeps the values the input leaves out; REPLACE removes them" })
    mode: WriteModeEnum,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductModelType> {
    return this.save(input, "update", mode, expectedVersion, context);
  }

  @Allow("editor")
  @Mutation(() => Boolean, { description: "Deletes a product model and returns true; refused while sub-models or variants inherit from it" })
  async deleteProductModel(
    @Arg("code", () => String, { description: "The model's code" }) code: string,
    @Ctx() { catalog, writer }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteProductModel(code, writer);
    return true;
  }

  private async save(
    input: ProductModelInput,
    mode: "create" | "update",
    writeMode: WriteModeEnum,
    expectedVersion: number | null,
    { catalog, writer }: GraphQLContext,
  ): Promise<ProductModelType> {
    const plain = plainInput(input, ["parent"]);
    const { model } = await catalog.saveProductModel(
      {
        ...plain,
        familyVariant: plain.familyVariant ?? undefined,
        values: input.values as Record<string, ValueEntry[]> | undefined,
        associations: associationsMap(plain.associations),
      },
      { ...writer, mode, writeMode, ...(expectedVersion !== null ? { expectedVersion } : {}) },
    );
    return toProductModelType(model);
  }

  @FieldResolver(() => FamilyVariantType, { nullable: true, description: "The model's family variant; null if it no longer exists" })
  async familyVariant(@Root() model: ProductModelType, @Ctx() { catalog, loaders }: GraphQLContext): Promise<FamilyVariantType | null> {
    const variant = (await loaders.definitions()).familyVariants.get(model.familyVariantCode);
    return variant ? Object.assign(new FamilyVariantType(), variant) : null;
  }

  @FieldResolver(() => ProductModelType, {
    nullable: true,
    description: "For a sub-model: its root model; null for a root model or one the caller may not read",
  })
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

  @FieldResolver(() => [ProductValueType], { description: "The model's values, those inherited from its root model included, with where each comes from" })
  async values(
    @Root() model: ProductModelType,
    @Arg("attributes", () => [String], { nullable: true, description: "Only these attribute codes; omitted or null: every attribute" }) attributes:
      | string[]
      | null,
    @Ctx() { loaders, principal }: GraphQLContext,
  ): Promise<ProductValueType[]> {
    return readableValues(toValueList(await valueSources(model.stored, model.code, loaders), attributes), principal);
  }

  @FieldResolver(() => ResolvedValueType, {
    nullable: true,
    description: "One value resolved like Product.value, inherited values included; null when there is none",
  })
  async value(
    @Root() model: ProductModelType,
    @Arg("attribute", () => String, { description: "The attribute's code" }) attribute: string,
    @Arg("locale", () => String, {
      nullable: true,
      description: "The locale wanted, then its fallbacks; omitted or null: the channel's first locale, else en_US, else the catalog's first by code",
    })
    locale: string | null,
    @Arg("channel", () => String, { nullable: true, description: "The channel wanted, whose own value is preferred; omitted or null: the all-channels value" })
    channel: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ResolvedValueType | null> {
    return resolveInherited(model.stored, model.code, { attribute, locale, channel }, context);
  }
}

@Resolver(() => ProductModelConnectionType)
export class ProductModelConnectionResolver {
  @FieldResolver(() => Int, { description: "How many models match the filter, across all pages" })
  totalCount(@Root() connection: ProductModelConnectionType): Promise<number> {
    return connection.countTotal();
  }
}
