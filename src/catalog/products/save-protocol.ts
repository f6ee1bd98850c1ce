import type { FieldProblem, PimErrorCode } from "../../errors.js";
import { idFilter } from "../../database/id-filter.js";
import type { HistoryEntry } from "../history/history.js";
import { acquireClaims, describeClaim, releaseClaims, type ProtocolContext } from "./claims.js";

/**
 * The protocol every product and product model write follows, without transactions (the embedded
 * database has none):
 *
 * 1. claim unique values and variant axes, one document per claim, so a unique index settles races;
 * 2. reserve the new version by inserting its history entry: of two concurrent saves, one wins;
 * 3. write the documents;
 * 4. give back the claims the new state no longer uses, or, for an item that failed, the claims it
 *    took and its reservation.
 *
 * A crash between 2 and 3 leaves a reservation the entity never reached; once it is older than
 * `abandonedAfterMs` it is dropped when a later save runs into it, so the editor's retry goes through.
 */

export type EntityKind = "product" | "product_model";

export interface SaveItem {
  /** The caller's handle for the item, such as its position in a batch. */
  key: number;
  kind: EntityKind;
  code: string;
  /** The claims the new state needs, and those the stored state holds. */
  claims: string[];
  previousClaims: string[];
  /** The history entry that reserves the new version. */
  history: HistoryEntry;
}

export interface SaveFailure {
  code: PimErrorCode;
  problems: FieldProblem[];
  currentVersion?: number;
}

/** Writes the items that reached step 3; returns why some of them were not written. */
export type WriteStep = (items: SaveItem[]) => Promise<Map<number, SaveFailure>>;

const abandonedAfterMs = 30_000;

/** Claims owned by a model are told apart from a product's with the same code. */
export function claimOwner(kind: EntityKind, code: string): string {
  return kind === "product_model" ? `model:${code}` : code;
}

function noun(kind: EntityKind): string {
  return kind === "product_model" ? "product model" : "product";
}

/** Runs the protocol for a batch; every item absent from the answer was written. */
export async function saveWithProtocol(items: SaveItem[], write: WriteStep, context: ProtocolContext): Promise<Map<number, SaveFailure>> {
  const failures = new Map<number, SaveFailure>();
  const newClaims = (item: SaveItem) => item.claims.filter((claim) => !item.previousClaims.includes(claim));
  const pending = () => items.filter((item) => !failures.has(item.key));

  const conflicts = await acquireClaims(
    items.map((item) => ({ owner: claimOwner(item.kind, item.code), claims: item.claims })),
    context,
  );
  for (const item of items) {
    const mine = conflicts.filter((conflict) => conflict.owner === claimOwner(item.kind, item.code));
    if (mine.length > 0) failures.set(item.key, { code: "BAD_USER_INPUT", problems: mine.map((conflict) => claimProblem(conflict.claim, conflict.heldBy)) });
  }
  await releaseFailed(items, failures, newClaims, context);

  const reserving = pending();
  const lost = await context.history.reserve(reserving.map((item) => item.history));
  if (lost.size > 0) {
    const losers = [...lost].map((position) => reserving[position] as SaveItem);
    await discardAbandonedReservations(losers, context);
    for (const item of losers) {
      failures.set(item.key, {
        code: "CONFLICT",
        problems: [{ path: ["expectedVersion"], message: `${noun(item.kind)} ${item.code} was changed by someone else while saving; read it again and retry` }],
      });
    }
    await releaseFailed(losers, failures, newClaims, context);
  }

  const writing = pending();
  let writeFailures: Map<number, SaveFailure>;
  try {
    writeFailures = writing.length ? await write(writing) : new Map();
  } catch (error) {
    await Promise.all([
      context.history.discard(writing.map((item) => item.history._id as string)),
      ...writing.map((item) => releaseClaims(claimOwner(item.kind, item.code), newClaims(item), context)),
    ]);
    throw error;
  }
  for (const [key, failure] of writeFailures) failures.set(key, failure);
  const unwritten = writing.filter((item) => writeFailures.has(item.key));
  await Promise.all([
    context.history.discard(unwritten.map((item) => item.history._id as string)),
    ...writing.map((item) =>
      writeFailures.has(item.key)
        ? releaseClaims(claimOwner(item.kind, item.code), newClaims(item), context)
        : releaseClaims(
            claimOwner(item.kind, item.code),
            item.previousClaims.filter((claim) => !item.claims.includes(claim)),
            context,
          ),
    ),
  ]);
  return failures;
}

function claimProblem(claim: string, heldBy: string): FieldProblem {
  const attribute = claim.startsWith("unique:") ? claim.split(":")[1] : undefined;
  return {
    path: attribute ? ["values", attribute] : ["values"],
    ...(attribute ? { attribute } : {}),
    message: `${describeClaim(claim)} is already used by ${heldBy.replace(/^batch:/, "").replace(/^model:/, "product model ")}`,
  };
}

async function releaseFailed(
  items: SaveItem[],
  failures: Map<number, SaveFailure>,
  newClaims: (item: SaveItem) => string[],
  context: ProtocolContext,
): Promise<void> {
  await Promise.all(items.filter((item) => failures.has(item.key)).map((item) => releaseClaims(claimOwner(item.kind, item.code), newClaims(item), context)));
}

/** Drops the reservations, among those an item lost to, that a crashed writer left behind. */
async function discardAbandonedReservations(losers: SaveItem[], context: ProtocolContext): Promise<void> {
  const storedVersions = new Map<string, number>();
  for (const kind of ["product", "product_model"] as const) {
    const codes = losers.filter((item) => item.kind === kind).map((item) => item.code);
    if (codes.length === 0) continue;
    const stored =
      kind === "product"
        ? await context.models.products.find(idFilter(codes), { version: 1 }).lean<Array<{ _id: string; version: number }>>()
        : await context.models.productModels.find(idFilter(codes), { version: 1 }).lean<Array<{ _id: string; version: number }>>();
    for (const entity of stored) storedVersions.set(`${kind}:${entity._id}`, entity.version);
  }
  const reservations = await context.models.history
    .find({ _id: { $in: losers.map((item) => item.history._id as string) } }, { _id: 1, at: 1, entityType: 1, entityId: 1, version: 1 })
    .lean();
  const abandoned = reservations.filter(
    (r) => Date.now() - r.at.getTime() > abandonedAfterMs && (storedVersions.get(`${r.entityType}:${r.entityId}`) ?? 0) < r.version,
  );
  await Promise.all(abandoned.map((r) => context.models.history.deleteOne({ _id: r._id, at: r.at })));
}
