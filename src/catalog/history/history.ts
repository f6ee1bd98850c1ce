import type { CatalogModels } from "../models.js";

export type EntityType =
  | "product"
  | "product_model"
  | "attribute"
  | "attribute_group"
  | "family"
  | "family_variant"
  | "category"
  | "channel"
  | "locale"
  | "currency"
  | "stock_location"
  | "promotion"
  | "economic_operator";

export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  /** Products and models use "type:objectId:version", so only one writer can record each version. */
  _id?: string;
  entityType: EntityType;
  entityId: string;
  version: number;
  author: string;
  at: Date;
  action: "create" | "update" | "delete" | "revert";
  changes: Change[];
  snapshot: unknown;
}

const ignoredFields = new Set([
  "_id",
  "version",
  "createdAt",
  "updatedAt",
  "completeness",
  "completenessIndex",
  "searchLabels",
  "numbers",
  "sortKeys",
  "axisKey",
  "claims",
  "writeId",
  "offer",
]);

/** Field-level differences, with values flattened to "values.attribute.channel.locale". */
export function diffEntities(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const flatBefore = flatten(before ?? {});
  const flatAfter = flatten(after ?? {});
  const changes: Change[] = [];
  for (const field of new Set([...flatBefore.keys(), ...flatAfter.keys()])) {
    const a = flatBefore.get(field);
    const b = flatAfter.get(field);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a ?? null, after: b ?? null });
  }
  return changes.sort((x, y) => x.field.localeCompare(y.field));
}

function flatten(entity: Record<string, unknown>): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(entity)) {
    if (ignoredFields.has(key)) continue;
    if ((key === "values" || key === "associations" || key === "requirements" || key === "labels") && isPlainObject(value)) {
      flattenInto(flat, key, value, key === "values" ? 3 : 2);
    } else {
      flat.set(key, value);
    }
  }
  return flat;
}

function flattenInto(flat: Map<string, unknown>, prefix: string, value: Record<string, unknown>, depth: number): void {
  for (const [key, inner] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (depth > 1 && isPlainObject(inner)) flattenInto(flat, path, inner, depth - 1);
    else flat.set(path, inner);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export class HistoryRecorder {
  constructor(private readonly models: CatalogModels) {}

  async record(entries: HistoryEntry[]): Promise<void> {
    const meaningful = entries.filter((entry) => entry.changes.length > 0 || entry.action === "delete");
    if (meaningful.length > 0) await this.models.history.insertMany(meaningful, { ordered: false });
  }

  /**
   * Records entries whose ids claim a version; returns the indexes that someone else recorded first.
   * The unique _id is a compare-and-set every MongoDB-wire server makes atomic, so it is what settles
   * concurrent saves of one product.
   */
  async reserve(entries: HistoryEntry[]): Promise<Set<number>> {
    if (entries.length === 0) return new Set();
    try {
      await this.models.history.collection.insertMany(entries as never[], { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; err?: { code?: number } }> }).writeErrors;
      if (!writeErrors) throw error;
      const other = writeErrors.find((e) => (e.code ?? e.err?.code) !== 11000);
      if (other) throw error;
      return new Set(writeErrors.map((e) => e.index));
    }
  }

  async discard(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.models.history.deleteMany({ _id: { $in: ids } });
  }

  async list(entityType: EntityType, entityId: string, limit = 100): Promise<HistoryEntry[]> {
    return (await this.models.history.find({ entityType, entityId }).sort({ version: -1, at: -1 }).limit(limit).lean()) as unknown as HistoryEntry[];
  }

  /** The newest version recorded for an entity, 0 for none: one entry read through the (entityType, entityId, version) index. */
  async latestVersion(entityType: EntityType, entityId: string): Promise<number> {
    const latest = await this.models.history.findOne({ entityType, entityId }, { version: 1 }).sort({ version: -1 }).lean();
    return latest?.version ?? 0;
  }

  async snapshotAt(entityType: EntityType, entityId: string, version: number): Promise<HistoryEntry | null> {
    return (await this.models.history.findOne({ entityType, entityId, version }).sort({ at: -1 }).lean()) as unknown as HistoryEntry | null;
  }
}
