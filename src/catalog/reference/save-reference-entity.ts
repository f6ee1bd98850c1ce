import type { Model } from "mongoose";
import { PimError, type FieldProblem } from "../../errors.js";
import { assertValidInput } from "../../validation/input-validation.js";
import type { CatalogContext } from "../catalog-context.js";
import type { CatalogDefinitions } from "../definitions.js";
import { diffEntities, type EntityType } from "../history/history.js";
import { staticSchemaValidator } from "../../validation/json-schemas.js";
import type { WriteMode } from "../write-mode.js";

export interface ReferenceEntitySpec<Input extends { code: string }, Stored> {
  entityType: EntityType;
  schemaFile: string;
  what: string;
  // Mongoose's inferred model types differ per schema; the spec only needs findById and replaceOne.
  // biome-ignore lint/suspicious/noExplicitAny: each spec's model has its own inferred document type; the spec only calls findById and replaceOne.
  model: (context: CatalogContext) => Model<any>;
  /** Problems a schema cannot see: references to other entities, immutable fields, cycles. */
  check: (input: Input, existing: Stored | null, definitions: CatalogDefinitions, context: CatalogContext) => Promise<FieldProblem[]> | FieldProblem[];
  toDocument: (input: Input, existing: Stored | null, context: CatalogContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Keeps derived data (completeness, category paths) true after the change. */
  afterSave?: (before: Stored | null, after: Record<string, unknown>, context: CatalogContext) => Promise<void>;
}

export interface SaveResult<Stored> {
  entity: Stored;
  created: boolean;
  changed: boolean;
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

/** Labels per locale: those given replace, one given as "" (or null, where a client can send one) is removed, the rest stay. */
function mergeLabels(stored: Fields, given: Fields): Fields {
  const merged: Fields = { ...stored, ...given };
  for (const [locale, label] of Object.entries(given)) if (label === null || label === "") delete merged[locale];
  return merged;
}

/** Options by code: one given replaces the stored option of its code (its labels merged), the others stay in their order, new ones follow. */
function mergeOptions(stored: unknown[], given: unknown[]): unknown[] {
  const givenByCode = new Map(given.filter(isFields).map((option) => [option.code, option]));
  const merged = stored.filter(isFields).map((option) => {
    const update = givenByCode.get(option.code);
    if (!update) return option;
    givenByCode.delete(option.code);
    return { ...option, ...update, labels: mergeLabels(isFields(option.labels) ? option.labels : {}, isFields(update.labels) ? update.labels : {}) };
  });
  return [...merged, ...given.filter((option) => !isFields(option) || givenByCode.get(option.code) === option)];
}

/**
 * What a save in merge mode means: the stored entity with the fields the input gives laid over it. A
 * field given replaces the stored one, except labels (merged per locale) and attribute options (merged
 * by code). Only the input schema's own fields are taken from the stored document, so derived ones
 * (a category's ancestors) are not; fields the schema does not know stay as sent, for validation to name.
 */
export function mergeReferenceInput(stored: Fields, input: Fields, schemaFields: string[]): Fields {
  const merged: Fields = { ...input };
  for (const field of schemaFields) {
    const kept = stored[field];
    const given = input[field];
    if (field === "code" || kept === null || kept === undefined) continue;
    if (given === undefined) merged[field] = kept;
    else if (field === "labels" && isFields(given) && isFields(kept)) merged[field] = mergeLabels(kept, given);
    else if (field === "options" && Array.isArray(given) && Array.isArray(kept)) merged[field] = mergeOptions(kept, given);
  }
  return merged;
}

function schemaFieldsOf(schemaFile: string): string[] {
  return Object.keys((staticSchemaValidator(schemaFile).schema as { properties?: Fields }).properties ?? {});
}

/**
 * Creates or changes one reference entity (locale, channel, attribute, family…) keyed by its code. With
 * `writeMode: "merge"` an existing entity keeps what the input leaves out; `replace` (the default, what
 * imports use) makes the input the whole entity.
 */
export async function saveReferenceEntity<Input extends { code: string }, Stored>(
  spec: ReferenceEntitySpec<Input, Stored>,
  sent: unknown,
  actor: string,
  context: CatalogContext,
  options: { validateOnly?: boolean; writeMode?: WriteMode } = {},
): Promise<SaveResult<Stored>> {
  const model = spec.model(context);
  const code = isFields(sent) && typeof sent.code === "string" ? sent.code : null;
  const stored = code === null ? null : ((await model.findById(code).lean()) as Stored | null);
  const input = options.writeMode === "merge" && stored && isFields(sent) ? mergeReferenceInput(stored as Fields, sent, schemaFieldsOf(spec.schemaFile)) : sent;
  assertValidInput<Input>(spec.schemaFile, input, spec.what);
  const existing = stored;
  const definitions = await context.definitions.current();
  const problems = await spec.check(input, existing, definitions, context);
  if (problems.length > 0) {
    throw new PimError("BAD_USER_INPUT", `Invalid ${spec.what} ${input.code}: ${problems.map((p) => p.message).join("; ")}`, problems);
  }
  const document = { _id: input.code, ...(await spec.toDocument(input, existing, context)) };
  const changes = diffEntities(existing as Record<string, unknown> | null, document);
  if (existing && changes.length === 0) return { entity: existing, created: false, changed: false };
  // Checked and compared, not written: an import's dry run, and its way of writing unchanged rows not at all.
  if (options.validateOnly) return { entity: document as Stored, created: !existing, changed: true };

  // Recording the version first, under a unique id, lets only one of two concurrent editors write it.
  const version = (await context.history.latestVersion(spec.entityType, input.code)) + 1;
  const lost = await context.history.reserve([
    {
      _id: `${spec.entityType}:${input.code}:${version}`,
      entityType: spec.entityType,
      entityId: input.code,
      version,
      author: actor,
      at: new Date(),
      action: existing ? "update" : "create",
      changes,
      snapshot: document,
    },
  ]);
  if (lost.size > 0) throw new PimError("CONFLICT", `${spec.what} ${input.code} was changed by someone else at the same time; read it again and retry`);
  await model.replaceOne({ _id: input.code }, document, { upsert: true });
  await context.definitions.changed();
  await spec.afterSave?.(existing, document, context);
  return { entity: document as Stored, created: !existing, changed: true };
}

export function problem(path: string[], message: string): FieldProblem {
  return { path, message };
}
