import { DateTimeResolver } from "graphql-scalars";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { CatalogDefinitions } from "../../catalog/definitions.js";
import { readScopeProblems, resolveValue } from "../../catalog/values/value-resolution.js";
import { orphanValues } from "../../catalog/values/orphan-values.js";
import { ProductImageType } from "../types/media.types.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../../catalog/values/raw-values.js";
import { inheritedCategories, inheritedValues } from "../../catalog/read/ancestry.js";
import type { GraphQLContext } from "../context.js";
import { CategoryType, FamilyType } from "../types/reference.types.js";
import {
  AssociationType,
  CompletenessType,
  ProductConnectionType,
  ProductModelType,
  ProductType,
  OrphanValueType,
  ProductValueType,
  ResolvedValueType,
  toProductModelType,
  toProductType,
} from "../types/product.types.js";
import { toFamily } from "./reference.resolver.js";
import { PimError } from "../../errors.js";
import { stockStatus } from "../../offers/availability.js";
import { effectivePrice } from "../../offers/effective-price.js";
import { withAncestors } from "../../catalog/read/categories.js";
import { offerOf, type StoredOffer } from "../../offers/offer.js";
import {
  AppliedPromotionType,
  type AvailabilityEnum,
  EffectivePriceType,
  MoneyType,
  OfferType,
  StockLevelType,
  type StockPolicyEnum,
} from "../types/offer.types.js";
import { assertMayReadLocale, mayReadLocale } from "../../auth/read-rights.js";
import type { Principal } from "../../auth/principal.js";

/** Values as read on a product or model: each ancestor's values, then its own, each tagged with its source. */
async function valueSources(stored: { parent: string | null; values: RawValues }, self: string, loaders: GraphQLContext["loaders"]) {
  const models = await loaders.chainAbove(stored.parent);
  return [...models.map((model) => ({ source: model.code, values: model.values })), { source: self, values: stored.values }];
}

function toValueList(chain: Array<{ source: string; values: RawValues }>, attributes: string[] | null): ProductValueType[] {
  const cells = new Map<string, ProductValueType>();
  for (const { source, values } of chain) {
    for (const [attribute, byChannel] of Object.entries(values)) {
      if (attributes && !attributes.includes(attribute)) continue;
      for (const [channel, byLocale] of Object.entries(byChannel)) {
        for (const [locale, data] of Object.entries(byLocale)) {
          cells.set(
            `${attribute}|${channel}|${locale}`,
            Object.assign(new ProductValueType(), {
              attribute,
              channel: channel === ALL_CHANNELS ? null : channel,
              locale: locale === ALL_LOCALES ? null : locale,
              data,
              source,
            }),
          );
        }
      }
    }
  }
  return [...cells.values()].sort((a, b) => a.attribute.localeCompare(b.attribute));
}

/**
 * One value of a product or model as a storefront reads it, inherited values included. A key limited to
 * locales asks only for those it may read, and a fallback into a locale it may not read finds nothing.
 */
async function resolveInherited(
  stored: { parent: string | null; values: RawValues },
  self: string,
  query: { attribute: string; locale: string | null; channel: string | null },
  { loaders, principal }: Pick<GraphQLContext, "loaders" | "principal">,
): Promise<ResolvedValueType | null> {
  const definitions = await loaders.definitions();
  assertKnownScope(definitions, query);
  // Without a locale the default one is read (see defaultLocale); a value in a locale the key may not read is not shown.
  assertMayReadLocale(principal, query.locale, ["locale"]);
  const resolved = resolveFor(
    inheritedValues(await loaders.chainAbove(stored.parent), stored.values),
    query.attribute,
    query.locale,
    query.channel,
    definitions,
  );
  return resolved && mayReadLocale(principal, resolved.locale) ? resolved : null;
}

function assertKnownScope(definitions: CatalogDefinitions, query: { attribute?: string; locale?: string | null; channel?: string | null }): void {
  const problems = readScopeProblems(definitions, query);
  if (problems.length > 0) throw new PimError("BAD_USER_INPUT", problems.map((problem) => problem.message).join("; "), problems);
}

/** The values a principal may see: those of the locales it may read, and those shared by all locales. */
function readableValues(values: ProductValueType[], principal: Principal): ProductValueType[] {
  return values.filter((value) => mayReadLocale(principal, value.locale));
}

function resolveFor(values: RawValues, code: string, locale: string | null, channel: string | null, definitions: CatalogDefinitions): ResolvedValueType | null {
  const attribute = definitions.attributes.get(code);
  if (!attribute) return null;
  const resolved = resolveValue(values, attribute, { locale, channel }, definitions);
  return resolved ? Object.assign(new ResolvedValueType(), { attribute: code, ...resolved }) : null;
}

async function categoriesByCode(codes: string[], loaders: GraphQLContext["loaders"]): Promise<CategoryType[]> {
  const categories = await loaders.categoryByCode.loadMany(codes);
  return categories.filter((c): c is NonNullable<typeof c> & { code: string } => !!c && !(c instanceof Error)).map((c) => Object.assign(new CategoryType(), c));
}

function storedOffer(product: ProductType): StoredOffer {
  return offerOf((product.stored as { offer?: Partial<StoredOffer> }).offer);
}

/**
 * A product's categories as the feeds see them (its models' categories included), with every ancestor, so
 * the API prices a product exactly as its feed does.
 */
async function categoriesWithAncestors(product: ProductType, { loaders }: GraphQLContext): Promise<Set<string>> {
  const categories = inheritedCategories(await loaders.chainAbove(product.parentCode), product.categoryCodes);
  const found = await loaders.categoryByCode.loadMany(categories);
  const ancestors = new Map(found.flatMap((c) => (c && !(c instanceof Error) ? [[c.code, c.ancestors] as const] : [])));
  return withAncestors(categories, (code) => ancestors.get(code));
}

@Resolver(() => ProductType)
export class ProductFieldsResolver {
  @FieldResolver(() => OfferType, { description: "Prices and stock, with the availability every channel derives from them" })
  async offer(@Root() product: ProductType, @Ctx() { loaders }: GraphQLContext): Promise<OfferType> {
    const offer = storedOffer(product);
    const status = stockStatus(offer, (await loaders.definitions()).stockLocations);
    return Object.assign(new OfferType(), {
      prices: Object.entries(offer.prices)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, amount]) => Object.assign(new MoneyType(), { currency, amount })),
      stock: Object.entries(offer.stock)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([location, onHand]) => Object.assign(new StockLevelType(), { location, onHand })),
      policy: offer.policy as StockPolicyEnum,
      sellableQuantity: status.sellableQuantity,
      availability: status.availability as AvailabilityEnum,
      availabilityDate: status.availabilityDate,
      updatedAt: offer.updatedAt,
    });
  }

  @FieldResolver(() => EffectivePriceType, {
    nullable: true,
    description:
      "The price in a currency for a channel (omitted: promotions limited to channels do not count) at a moment (omitted: now); null without a base price in that currency",
  })
  async effectivePrice(
    @Root() product: ProductType,
    @Arg("currency", () => String, { description: "ISO 4217 code of a catalog currency, e.g. EUR" }) currency: string,
    @Arg("channel", () => String, { nullable: true, description: "The channel whose promotions count; omitted or null: only promotions for every channel" })
    channelArgument: string | null | undefined,
    @Arg("at", () => DateTimeResolver, { nullable: true, description: "The moment to price at; omitted or null: now" }) at: Date | null | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<EffectivePriceType | null> {
    // An argument left out arrives as undefined, one given as null as null: both mean the catalog's own price.
    const channel = channelArgument ?? null;
    const definitions = await context.loaders.definitions();
    if (!definitions.currencies.has(currency))
      throw new PimError("BAD_USER_INPUT", `currency ${currency} is not a currency of the catalog`, [
        { path: ["currency"], message: `${currency} is not a currency of the catalog` },
      ]);
    if (channel !== null && !definitions.channels.has(channel))
      throw new PimError("BAD_USER_INPUT", `channel ${channel} does not exist`, [{ path: ["channel"], message: `channel ${channel} does not exist` }]);
    const prices = storedOffer(product).prices;
    if (prices[currency] === undefined) return null;
    const priced = { sku: product.sku, family: product.familyCode, categoriesWithAncestors: await categoriesWithAncestors(product, context), prices };
    const result = effectivePrice(priced, currency, channel, at ?? new Date(), definitions.promotions.values());
    if (!result) return null;
    return Object.assign(new EffectivePriceType(), { ...result, promotion: result.promotion && Object.assign(new AppliedPromotionType(), result.promotion) });
  }

  @FieldResolver(() => FamilyType, { nullable: true, description: "The product's family; null when it has none" })
  async family(@Root() product: ProductType, @Ctx() context: GraphQLContext): Promise<FamilyType | null> {
    const family = product.familyCode ? (await context.loaders.definitions()).families.get(product.familyCode) : undefined;
    return family ? toFamily(family) : null;
  }

  @FieldResolver(() => ProductModelType, {
    nullable: true,
    description: "The product model this product is a variant of; null when it has none or the caller may not read it",
  })
  async parent(@Root() product: ProductType, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType | null> {
    const model = product.parentCode ? await loaders.readableModelByCode.load(product.parentCode) : null;
    return model ? toProductModelType(model) : null;
  }

  @FieldResolver(() => [CategoryType], {
    description: "The product's own categories and those of its models: categories accumulate down the variant tree, as in Akeneo",
  })
  async categories(@Root() product: ProductType, @Ctx() { loaders }: GraphQLContext): Promise<CategoryType[]> {
    return categoriesByCode(inheritedCategories(await loaders.chainAbove(product.parentCode), product.categoryCodes), loaders);
  }

  @FieldResolver(() => [CategoryType], { description: "Only the categories set on the product itself (a variant also has its models' categories)" })
  async ownCategories(@Root() product: ProductType, @Ctx() { loaders }: GraphQLContext): Promise<CategoryType[]> {
    return categoriesByCode(product.categoryCodes, loaders);
  }

  @FieldResolver(() => [ProductValueType], {
    description:
      "Every value, inherited ones included, with where each comes from; a key limited to locales sees only those it may read and values shared by all locales",
  })
  async values(
    @Root() product: ProductType,
    @Arg("attributes", () => [String], { nullable: true, description: "Only these attribute codes; omitted or null: every attribute" }) attributes:
      | string[]
      | null,
    @Ctx() { loaders, principal }: GraphQLContext,
  ): Promise<ProductValueType[]> {
    return readableValues(toValueList(await valueSources(product.stored, product.sku, loaders), attributes), principal);
  }

  @FieldResolver(() => ResolvedValueType, {
    nullable: true,
    description: "One value for a storefront: channel-specific, else all channels; the locale, else its fallbacks",
  })
  async value(
    @Root() product: ProductType,
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
    return resolveInherited(product.stored, product.sku, { attribute, locale, channel }, context);
  }

  @FieldResolver(() => String, { description: "The family's label attribute, resolved like value(); the SKU when there is none" })
  async label(
    @Root() product: ProductType,
    @Arg("locale", () => String, {
      nullable: true,
      description: "The locale wanted, then its fallbacks; omitted or null: the channel's first locale, else en_US, else the catalog's first by code",
    })
    locale: string | null,
    @Arg("channel", () => String, { nullable: true, description: "The channel wanted, whose own value is preferred; omitted or null: the all-channels value" })
    channel: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<string> {
    const definitions = await context.loaders.definitions();
    const labelAttribute = product.familyCode ? definitions.families.get(product.familyCode)?.labelAttribute : undefined;
    assertKnownScope(definitions, { locale, channel });
    if (!labelAttribute) return product.sku;
    const resolved = await resolveInherited(product.stored, product.sku, { attribute: labelAttribute, locale, channel }, context);
    return typeof resolved?.data === "string" ? resolved.data : product.sku;
  }

  @FieldResolver(() => [ProductImageType], {
    description:
      "The images of a media attribute (default: the family's image attribute), resolved like value() for a channel and locale, first the main one; each with its URL per preset and alt text",
  })
  async media(
    @Root() product: ProductType,
    @Arg("attribute", () => String, { nullable: true, description: "A media attribute's code; omitted or null: the family's image attribute" }) attribute:
      | string
      | null,
    @Arg("channel", () => String, { nullable: true, description: "The channel wanted, whose own value is preferred; omitted or null: the all-channels value" })
    channel: string | null,
    @Arg("locale", () => String, {
      nullable: true,
      description: "The locale wanted, then its fallbacks; omitted or null: the channel's first locale, else en_US, else the catalog's first by code",
    })
    locale: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductImageType[]> {
    const definitions = await context.loaders.definitions();
    const code = attribute ?? (product.familyCode ? definitions.families.get(product.familyCode)?.imageAttribute : null);
    if (!code) return [];
    if (definitions.attributes.get(code)?.type !== "media")
      throw new PimError("BAD_USER_INPUT", `${code} is not a media attribute`, [{ path: ["attribute"], message: `${code} is not a media attribute` }]);
    const resolved = await resolveInherited(product.stored, product.sku, { attribute: code, locale, channel }, context);
    const ids = Array.isArray(resolved?.data) ? resolved.data.filter((id): id is string => typeof id === "string") : [];
    const assets = await context.mediaAssets.loadMany(ids);
    return ids.map((id, index) => {
      const asset = assets[index];
      const found = asset && !(asset instanceof Error) ? asset : null;
      return Object.assign(new ProductImageType(), { asset: id, width: found?.width ?? null, height: found?.height ?? null, altTexts: found?.altTexts ?? {} });
    });
  }

  @FieldResolver(() => [OrphanValueType], { description: "The product's own values the catalog would refuse today; clear them with updateProduct clearValues" })
  async orphanValues(@Root() product: ProductType, @Ctx() { loaders, principal }: GraphQLContext): Promise<OrphanValueType[]> {
    const definitions = await loaders.definitions();
    const family = product.familyCode ? definitions.families.get(product.familyCode) : undefined;
    return orphanValues(product.stored.values, family, definitions)
      .filter((orphan) => mayReadLocale(principal, orphan.locale))
      .map((orphan) => Object.assign(new OrphanValueType(), orphan));
  }

  @FieldResolver(() => [CompletenessType], { description: "Per channel and locale; narrowed by the arguments" })
  completeness(
    @Root() product: ProductType,
    @Arg("channel", () => String, { nullable: true, description: "Only this channel; omitted or null: every channel" }) channel: string | null,
    @Arg("locale", () => String, { nullable: true, description: "Only this locale; omitted or null: every locale the caller may read" }) locale: string | null,
    @Ctx() { principal }: GraphQLContext,
  ): CompletenessType[] {
    assertMayReadLocale(principal, locale, ["locale"]);
    return product.stored.completeness
      .filter((c) => (!channel || c.channel === channel) && (!locale || c.locale === locale) && mayReadLocale(principal, c.locale))
      .map((c) => Object.assign(new CompletenessType(), c));
  }

  @FieldResolver(() => [AssociationType], { description: "The product's own associations, one per type" })
  associations(@Root() product: ProductType): AssociationType[] {
    return Object.entries(product.stored.associations).map(([type, targets]) =>
      Object.assign(new AssociationType(), { type, productSkus: targets.products, modelCodes: targets.models }),
    );
  }
}

@Resolver(() => AssociationType)
export class AssociationFieldsResolver {
  @FieldResolver(() => [ProductType], { description: "The associated products the caller may read" })
  async products(@Root() association: AssociationType, @Ctx() { loaders }: GraphQLContext): Promise<ProductType[]> {
    const products = await loaders.productBySku.loadMany(association.productSkus);
    return products.filter((p) => p && !(p instanceof Error)).map((p) => toProductType(p as NonNullable<typeof p> & { sku: string } as never));
  }

  @FieldResolver(() => [ProductModelType], { description: "The associated product models the caller may read" })
  async models(@Root() association: AssociationType, @Ctx() { loaders }: GraphQLContext): Promise<ProductModelType[]> {
    const models = await loaders.readableModelByCode.loadMany(association.modelCodes);
    return models.filter((m) => m && !(m instanceof Error)).map((m) => toProductModelType(m as never));
  }
}

@Resolver(() => ProductConnectionType)
export class ProductConnectionResolver {
  @FieldResolver(() => Int, { description: "How many products match the filter, across all pages" })
  totalCount(@Root() connection: ProductConnectionType): Promise<number> {
    return connection.countTotal();
  }
}

export { valueSources, toValueList, resolveInherited, readableValues };
