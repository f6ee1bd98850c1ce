import { idFilter } from "../../database/id-filter.js";
import type { CatalogContext } from "../catalog-context.js";

/** What claims and the save protocol need of the catalog. */
export type ProtocolContext = Pick<CatalogContext, "models" | "history">;

/**
 * Unique attribute values and variant axis combinations are claimed in their own collection, one
 * document per value, so the database's unique _id index settles races without transactions.
 */
export interface ClaimRequest {
  owner: string;
  claims: string[];
}

export interface ClaimConflict {
  owner: string;
  claim: string;
  heldBy: string;
}

/** Claims every value it can; returns the claims that another owner really holds. */
export async function acquireClaims(requests: ClaimRequest[], context: ProtocolContext): Promise<ClaimConflict[]> {
  const conflicts = await tryClaims(requests, context);
  const real: ClaimConflict[] = [];
  for (const conflict of conflicts) {
    if (await isStale(conflict, context)) {
      await context.models.uniqueValues.updateOne({ _id: conflict.claim, owner: conflict.heldBy }, { $set: { owner: conflict.owner } });
    } else {
      real.push(conflict);
    }
  }
  return real;
}

/**
 * A crash between claiming and writing leaves a claim whose owner never stored the value; such a
 * claim must not block anyone, so it is checked against the owner's stored document.
 */
async function isStale(conflict: ClaimConflict, context: ProtocolContext): Promise<boolean> {
  if (conflict.heldBy === conflict.owner || conflict.heldBy.startsWith("batch:")) return false;
  const [kind, first, ...rest] = conflict.claim.split(":");
  const isModel = conflict.heldBy.startsWith("model:");
  const condition: Record<string, unknown> =
    kind === "unique"
      ? { [`values.${first}.<all_channels>.<all_locales>`]: JSON.parse(rest.join(":")) as unknown }
      : { parent: first, axisKey: rest.join(":") };
  const holder = isModel
    ? await context.models.productModels.exists({ code: conflict.heldBy.slice("model:".length), ...condition })
    : await context.models.products.exists({ _id: conflict.heldBy, ...condition });
  return !holder;
}

async function tryClaims(requests: ClaimRequest[], context: ProtocolContext): Promise<ClaimConflict[]> {
  const wanted = new Map<string, string>();
  const conflicts: ClaimConflict[] = [];
  for (const request of requests) {
    for (const claim of request.claims) {
      const other = wanted.get(claim);
      // Two items of one batch wanting the same value: the first keeps it; "batch:" marks it as never stale.
      if (other && other !== request.owner) conflicts.push({ owner: request.owner, claim, heldBy: `batch:${other}` });
      else wanted.set(claim, request.owner);
    }
  }
  if (wanted.size === 0) return conflicts;
  const existing = await context.models.uniqueValues.find(idFilter([...wanted.keys()])).lean();
  const heldBy = new Map(existing.map((claim) => [claim._id, claim.owner]));
  const toInsert: Array<{ _id: string; owner: string }> = [];
  for (const [claim, owner] of wanted) {
    const holder = heldBy.get(claim);
    if (holder === undefined) toInsert.push({ _id: claim, owner });
    else if (holder !== owner) conflicts.push({ owner, claim, heldBy: holder });
  }
  if (toInsert.length > 0) {
    try {
      await context.models.uniqueValues.insertMany(toInsert, { ordered: false });
    } catch (error) {
      for (const claim of raceLosers(error, toInsert)) {
        const holder = await context.models.uniqueValues.findById(claim._id).lean();
        if (holder && holder.owner !== claim.owner) conflicts.push({ owner: claim.owner, claim: claim._id, heldBy: holder.owner });
      }
    }
  }
  return conflicts;
}

function raceLosers(error: unknown, attempted: Array<{ _id: string; owner: string }>): Array<{ _id: string; owner: string }> {
  const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number; err?: { code?: number } }> }).writeErrors;
  if (!writeErrors) throw error;
  return writeErrors
    .filter((e) => (e.code ?? e.err?.code) === 11000)
    .map((e) => attempted[e.index])
    .filter((claim): claim is { _id: string; owner: string } => claim !== undefined);
}

/** Gives back claims an owner no longer uses (old values after an update, or a failed write). */
export async function releaseClaims(owner: string, claims: string[], context: ProtocolContext): Promise<void> {
  if (claims.length > 0) await context.models.uniqueValues.deleteMany({ _id: { $in: claims }, owner });
}

export function describeClaim(claim: string): string {
  const [kind, ...rest] = claim.split(":");
  if (kind === "unique") {
    const [attribute, ...value] = rest;
    return `${attribute} ${value.join(":")}`;
  }
  const [, ...axes] = rest;
  return `axis values ${axes.join(":").replace(/\|/g, ", ")}`;
}
