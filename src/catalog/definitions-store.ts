import type { Connection } from "mongoose";
import type { Attribute, CatalogDefinitions, Channel, EconomicOperator, Family, FamilyVariant, Locale, Promotion, StockLocation } from "./definitions.js";
import type { CatalogModels } from "./models.js";

interface MetaDoc {
  _id: string;
  generation: number;
}

/**
 * Caches the reference data that validation needs. A counter in the database tells every process
 * when any of it changed, so a save costs one small read instead of reloading all attributes.
 */
export class DefinitionsStore {
  private cached: CatalogDefinitions | undefined;

  constructor(
    private readonly models: CatalogModels,
    private readonly connection: Connection,
  ) {}

  private get meta() {
    return this.connection.collection<MetaDoc>("catalog_meta");
  }

  async current(): Promise<CatalogDefinitions> {
    const meta = await this.meta.findOne({ _id: "reference" });
    const generation = meta?.generation ?? 0;
    if (this.cached?.generation === generation) return this.cached;
    this.cached = await this.load(generation);
    return this.cached;
  }

  /** Called after every reference data change. */
  async changed(): Promise<void> {
    await this.meta.updateOne({ _id: "reference" }, { $inc: { generation: 1 } }, { upsert: true });
  }

  private async load(generation: number): Promise<CatalogDefinitions> {
    const [locales, currencies, channels, attributes, families, familyVariants, stockLocations, promotions, economicOperators] = await Promise.all([
      this.models.locales.find().lean(),
      this.models.currencies.find().lean(),
      this.models.channels.find().lean(),
      this.models.attributes.find().lean(),
      this.models.families.find().lean(),
      this.models.familyVariants.find().lean(),
      this.models.stockLocations.find().lean(),
      this.models.promotions.find().lean(),
      this.models.economicOperators.find().lean(),
    ]);
    return {
      generation,
      locales: new Map(locales.map((l) => [l._id, { code: l._id, label: l.label, fallback: l.fallback ?? null } satisfies Locale])),
      currencies: new Set(currencies.map((c) => c._id)),
      channels: new Map(channels.map((c) => [c._id, { ...c, code: c._id } as unknown as Channel])),
      attributes: new Map(attributes.map((a) => [a._id, { ...a, code: a._id } as unknown as Attribute])),
      families: new Map(families.map((f) => [f._id, { ...f, code: f._id } as unknown as Family])),
      familyVariants: new Map(familyVariants.map((v) => [v._id, { ...v, code: v._id } as unknown as FamilyVariant])),
      stockLocations: new Map(stockLocations.map((l) => [l._id, { ...l, code: l._id } as unknown as StockLocation])),
      promotions: new Map(promotions.map((p) => [p._id, { ...p, code: p._id } as unknown as Promotion])),
      economicOperators: new Map(economicOperators.map(({ _id, ...operator }) => [_id, { ...operator, code: _id } as EconomicOperator])),
    };
  }
}
