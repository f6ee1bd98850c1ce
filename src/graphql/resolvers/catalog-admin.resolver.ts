import { mayReadHistoryField } from "../../auth/read-rights.js";
import { readableTrees } from "../../auth/principal.js";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { EntityType } from "../../catalog/history/history.js";
import type { GraphQLContext } from "../context.js";
import { CatalogEntityKind, ChangeType, HistoryEntryType } from "../types/product-results.types.js";
import { Allow } from "../../auth/roles.js";

export function toHistoryEntries(entries: Awaited<ReturnType<GraphQLContext["catalog"]["history"]>>): HistoryEntryType[] {
  return entries.map((e) => Object.assign(new HistoryEntryType(), { ...e, changes: e.changes.map((c) => Object.assign(new ChangeType(), c)) }));
}

/**
 * The history of an entity as the caller may see it: none for a product or model outside its trees
 * (its versions, deleted ones included, are kept from it as the entity is), and no value changes in a
 * locale it may not read.
 */
export async function readableHistory(type: EntityType, code: string, { catalog, loaders, principal }: GraphQLContext): Promise<HistoryEntryType[]> {
  const entries = await catalog.history(type, code);
  if (readableTrees(principal) && (type === "product" || type === "product_model")) {
    const current = type === "product" ? await loaders.productBySku.load(code) : await loaders.readableModelByCode.load(code);
    if (!current) return [];
  }
  return toHistoryEntries(entries.map((entry) => ({ ...entry, changes: entry.changes.filter((change) => mayReadHistoryField(principal, change.field)) })));
}

/** History of any catalog entity, and deletion of reference data nothing refers to. */
@Resolver()
export class CatalogAdminResolver {
  @Allow("editor")
  @Query(() => [HistoryEntryType], {
    description:
      "The latest 100 recorded changes of one entity (its code, or SKU for a product), newest first; value changes in locales the caller may not read are left out",
  })
  async history(
    @Arg("kind", () => CatalogEntityKind, { description: "The kind of entity" }) kind: CatalogEntityKind,
    @Arg("code", () => String, { description: "The entity's code, or a product's SKU" }) code: string,
    @Ctx() context: GraphQLContext,
  ): Promise<HistoryEntryType[]> {
    return readableHistory(kind as EntityType, code, context);
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while a channel publishes it or a locale falls back to it" })
  async deleteLocale(
    @Arg("code", () => String, { description: "The locale's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("locale", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while a channel publishes it" })
  async deleteCurrency(
    @Arg("code", () => String, { description: "The currency's ISO 4217 code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("currency", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while a family has requirements for it" })
  async deleteChannel(
    @Arg("code", () => String, { description: "The channel's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("channel", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while attributes are in it" })
  async deleteAttributeGroup(
    @Arg("code", () => String, { description: "The attribute group's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("attribute_group", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while a family uses it" })
  async deleteAttribute(
    @Arg("code", () => String, { description: "The attribute's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("attribute", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while products or family variants use it" })
  async deleteFamily(
    @Arg("code", () => String, { description: "The family's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("family", code, actor);
    return true;
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Refused with the reason while product models use it" })
  async deleteFamilyVariant(
    @Arg("code", () => String, { description: "The family variant's code" }) code: string,
    @Ctx() { catalog, actor }: GraphQLContext,
  ): Promise<boolean> {
    await catalog.deleteReferenceEntity("family_variant", code, actor);
    return true;
  }
}
