import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PimError } from "../../errors.js";
import type { MediaAssetDocument } from "../../media/asset-store.js";
import { originalPath, renditionPath } from "../../media/asset-view.js";
import type { MediaService } from "../../media/media-service.js";
import { changeProductMedia, type MediaOperation } from "../../media/product-media.js";
import { renditionSize, tooSmallFor } from "../../media/presets.js";
import type { GraphQLContext } from "../context.js";
import { ProductSaveResultType } from "../types/product-results.types.js";
import { toProductType } from "../types/product.types.js";
import { Allow, productReaders } from "../../auth/roles.js";
import { assertMayReadLocale, assertMayWriteLocales, mayReadLocale } from "../../auth/read-rights.js";
import { defaultLocale, localeChain } from "../../catalog/values/value-resolution.js";
import { own } from "../../own-key.js";
import { MediaAltTextInput, MediaAltTextType, MediaAssetType, MediaRenditionType, ProductImageType, ProductMediaTargetInput } from "../types/media.types.js";

const maxAltTextLength = 1000;

function toAssetType(asset: MediaAssetDocument, media: MediaService): MediaAssetType {
  const renditions = [...media.presets.presets.values()].map((preset) => {
    // A frame's size depends on where the product is, which assets uploaded before it was measured do not say.
    const size = preset.fit === "frame" && !asset.productRegion ? null : renditionSize(preset, asset.width, asset.height, asset.productRegion);
    return Object.assign(new MediaRenditionType(), {
      preset: preset.name,
      purpose: preset.purpose,
      url: renditionPath(asset._id, preset.name),
      format: preset.format,
      width: size?.width ?? null,
      height: size?.height ?? null,
      tooSmall: tooSmallFor(preset, asset.width, asset.height),
    });
  });
  const altTexts = Object.entries(asset.altTexts ?? {}).map(([locale, text]) => Object.assign(new MediaAltTextType(), { locale, text }));
  const { _id, ...facts } = asset;
  return Object.assign(new MediaAssetType(), { ...facts, id: _id, altTexts, url: originalPath(_id), renditions });
}

async function saveMedia(
  target: ProductMediaTargetInput,
  operation: MediaOperation,
  expectedVersion: number | null,
  { catalog, writer }: GraphQLContext,
): Promise<ProductSaveResultType> {
  const result = await changeProductMedia(
    catalog,
    target.sku,
    { attribute: target.attribute, channel: target.channel ?? null, locale: target.locale ?? null },
    operation,
    expectedVersion ?? undefined,
    writer,
  );
  return Object.assign(new ProductSaveResultType(), { product: toProductType(result.product!), status: result.status, warnings: result.warnings });
}

/** Uploaded assets (uploads themselves go to POST /media), their alt texts, and a product's images. */
@Resolver()
export class MediaResolver {
  @Allow(...productReaders)
  @Query(() => MediaAssetType, { nullable: true, description: "An uploaded asset (uploads go to POST /media); null when no asset has this id" })
  async mediaAsset(
    @Arg("id", () => ID, { description: "The asset's id: the sha256 of its bytes, in hex" }) id: string,
    @Ctx() { media }: GraphQLContext,
  ): Promise<MediaAssetType | null> {
    const asset = await media.asset(id);
    return asset ? toAssetType(asset, media) : null;
  }

  @Allow("editor")
  @Mutation(() => MediaAssetType, {
    description: "Sets alt texts per locale; the locales not listed keep theirs. A key limited to locales writes only those it may edit",
  })
  async setMediaAltTexts(
    @Arg("asset", () => ID, { description: "The asset's id" }) asset: string,
    @Arg("altTexts", () => [MediaAltTextInput], { description: "One entry per locale to set or remove" }) altTexts: MediaAltTextInput[],
    @Ctx() { media, catalog, principal }: GraphQLContext,
  ): Promise<MediaAssetType> {
    assertMayWriteLocales(
      principal,
      altTexts.map(({ locale }, i) => ({ locale, path: ["altTexts", String(i), "locale"] })),
    );
    const definitions = await catalog.definitions();
    const problems = altTexts.flatMap(({ locale, text }, i) => [
      ...(definitions.locales.has(locale) ? [] : [{ path: ["altTexts", String(i), "locale"], message: `locale ${locale} is not a locale of the catalog` }]),
      ...((text?.length ?? 0) > maxAltTextLength ? [{ path: ["altTexts", String(i), "text"], message: `is longer than ${maxAltTextLength} characters` }] : []),
    ]);
    if (problems.length) throw new PimError("BAD_USER_INPUT", "Invalid alt texts", problems);
    return toAssetType(await media.setAltTexts(asset, Object.fromEntries(altTexts.map(({ locale, text }) => [locale, text ?? null]))), media);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, {
    description: "Adds assets to a product's media value, at the end or at position (0 makes the first the main image)",
  })
  async attachProductMedia(
    @Arg("target", () => ProductMediaTargetInput, { description: "Which product and which of its media values" }) target: ProductMediaTargetInput,
    @Arg("assets", () => [ID], { description: "Ids of uploaded assets to add; those already attached are left where they are" }) assets: string[],
    @Arg("position", () => Int, { nullable: true, description: "Where to insert them, from 0 to the number attached; omitted or null: at the end" }) position:
      | number
      | null,
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The product version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    return saveMedia(target, { kind: "attach", assets, position }, expectedVersion, context);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "Removes assets from a product's media value; refused when one of them is not attached" })
  async detachProductMedia(
    @Arg("target", () => ProductMediaTargetInput, { description: "Which product and which of its media values" }) target: ProductMediaTargetInput,
    @Arg("assets", () => [ID], { description: "Ids of attached assets to remove" }) assets: string[],
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The product version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    return saveMedia(target, { kind: "detach", assets }, expectedVersion, context);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "The new order of every attached asset; the first is the main image" })
  async orderProductMedia(
    @Arg("target", () => ProductMediaTargetInput, { description: "Which product and which of its media values" }) target: ProductMediaTargetInput,
    @Arg("assets", () => [ID], { description: "Every attached asset id, once each, in the new order" }) assets: string[],
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The product version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    return saveMedia(target, { kind: "order", assets }, expectedVersion, context);
  }

  @Allow("editor")
  @Mutation(() => ProductSaveResultType, { description: "Moves an attached asset first; with a channel, only that channel's images change" })
  async setProductMainImage(
    @Arg("target", () => ProductMediaTargetInput, { description: "Which product and which of its media values" }) target: ProductMediaTargetInput,
    @Arg("asset", () => ID, { description: "Id of an attached asset" }) asset: string,
    @Arg("expectedVersion", () => Int, {
      nullable: true,
      description: "The product version the change is based on; refused with CONFLICT if someone saved since. Omitted or null: no check",
    })
    expectedVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProductSaveResultType> {
    return saveMedia(target, { kind: "main", asset }, expectedVersion, context);
  }
}

@Resolver(() => ProductImageType)
export class ProductImageResolver {
  @FieldResolver(() => String, { description: "Path of the image: the original, or a preset's rendition (GET /media/{asset}/{preset})" })
  url(
    @Root() image: ProductImageType,
    @Arg("preset", () => String, {
      nullable: true,
      description: "A rendition preset's name, e.g. thumbnail or web_960 (NOT_FOUND for an unknown one); omitted or null: the original",
    })
    preset: string | null,
    @Ctx() { media }: GraphQLContext,
  ): string {
    return preset ? renditionPath(image.asset, media.preset(preset).name) : originalPath(image.asset);
  }

  @FieldResolver(() => String, { nullable: true, description: "The alt text in the locale (default: en_US), else along its fallback chain" })
  async alt(
    @Root() image: ProductImageType,
    @Arg("locale", () => String, { nullable: true, description: "A locale of the catalog; omitted or null: en_US, else the catalog's first locale by code" })
    locale: string | null,
    @Ctx() { loaders, principal }: GraphQLContext,
  ): Promise<string | null> {
    const definitions = await loaders.definitions();
    if (locale && !definitions.locales.has(locale))
      throw new PimError("BAD_USER_INPUT", `locale ${locale} is not a locale of the catalog`, [
        { path: ["locale"], message: `locale ${locale} is not a locale of the catalog` },
      ]);
    assertMayReadLocale(principal, locale, ["locale"]);
    for (const candidate of localeChain(locale ?? defaultLocale(definitions, null), definitions)) {
      const text = candidate ? own(image.altTexts, candidate) : undefined;
      if (text && mayReadLocale(principal, candidate)) return text;
    }
    return null;
  }
}
