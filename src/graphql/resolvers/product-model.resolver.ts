import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ValueEntry } from "../../catalog/validation/product-validation.js";
import { PimError } from "../../errors.js";
import type { GraphQLContext } from "../context.js";
import { ProductModelInput, WriteModeEnum } from "../types/product.inputs.js";
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

function encode(code: string): string {
  return Buffer.from(code).toString("base64url");
}

@Resolver(() => ProductModelType)
export class ProductModelResolver {
  @Allow(...productReaders)
  @Query(() => ProductModelType, { nullable: true })
  async productModel(@Arg("code", () => String) code: string, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType | null> {
    const model = await loaders.readableModelByCode.load(code);
    return model ? toProductModelType(model) : null;
  }

  @Allow(...productReaders)
  @Query(() => ProductModelConnectionType, { description: "Product models ordered by code, a page at a time" })
  async productModels(
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("familyVariant", () => String, { nullable: true }) familyVariant: string | null,
    @Arg("parent", () => String, { nullable: true }) parent: string | null,
    @Ctx() { catalog, principal }: GraphQLContext,
  ): Promise<ProductModelConnectionType> {
    if (first < 1 || first > maxPageSize) throw new PimError("BAD_USER_INPUT", `first must be between 1 and ${maxPageSize}`, [{ path: ["first"], message: "out of range" }]);
    const trees = readableTrees(principal);
    const filter = { ...(familyVariant ? { familyVariant } : {}), ...(parent ? { parent } : {}), ...(trees ? { code: { $in: await catalog.modelsInTrees(trees) } } : {}) };
    const afterCode = after ? Buffer.from(after, "base64url").toString("utf8") : null;
    const rows = await catalog.models.productModels
      .find(afterCode ? { $and: [filter, { code: { $gt: afterCode } }] } : filter)
      .sort({ code: 1 })
      .limit(first + 1)
      .lean();
    const page = rows.slice(0, first).map((m) => toProductModelType(m as never));
    return Object.assign(new ProductModelConnectionType(), {
      edges: page.map((node) => Object.assign(new ProductModelEdgeType(), { cursor: encode(node.code), node })),
      pageInfo: Object.assign(new PageInfoType(), {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
        startCursor: page[0] ? encode(page[0].code) : null,
        endCursor: page.at(-1) ? encode((page.at(-1) as ProductModelType).code) : null,
      }),
      // exec(): a mongoose query is a thenable that refuses a second `then`, which GraphQL may call.
      countTotal: () => catalog.models.productModels.countDocuments(filter).exec(),
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
