import type { Model } from "mongoose";
import { PimError, type FieldProblem } from "../../errors.js";
import { assertValidInput } from "../../validation/input-validation.js";
import type { CatalogContext } from "../catalog-context.js";
import type { CatalogDefinitions } from "../definitions.js";
import { diffEntities, type EntityType } from "../history/history.js";

export interface ReferenceEntitySpec<Input extends { code: string }, Stored> {
  entityType: EntityType;
  schemaFile: string;
  what: string;
  // Mongoose's inferred model types differ per schema; the spec only needs findById and replaceOne.
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

/** Create or replace one reference entity (locale, channel, attribute, family…) keyed by its code. */
export async function saveReferenceEntity<Input extends { code: string }, Stored>(
  spec: ReferenceEntitySpec<Input, Stored>,
  input: unknown,
  actor: string,
  context: CatalogContext,
  options: { validateOnly?: boolean } = {},
): Promise<SaveResult<Stored>> {
  assertValidInput<Input>(spec.schemaFile, input, spec.what);
  const model = spec.model(context);
  const existing = (await model.findById(input.code).lean()) as Stored | null;
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
    { _id: `${spec.entityType}:${input.code}:${version}`, entityType: spec.entityType, entityId: input.code, version, author: actor, at: new Date(), action: existing ? "update" : "create", changes, snapshot: document },
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
