import type { BackgroundJobs } from "../../jobs/background-jobs.js";
import type { CatalogContext } from "../catalog-context.js";
import { missingDerivedFields } from "./completeness-refresh.js";

export const completenessJob = "completeness.refresh";
/** A refresh of every product of a large catalog takes minutes; an hour means something is wrong. */
const completenessTimeLimitMs = 60 * 60_000;

/**
 * Drains the completeness queue as a background job: one process of the fleet at a time, retried with
 * backoff, visible in backgroundJobs. A request stored while a drain finishes could miss it, so a
 * finished drain asks again if anything is left.
 */
export async function refreshCompletenessInBackground(context: CatalogContext, jobs: BackgroundJobs): Promise<void> {
  const queue = context.completeness;
  const wake = () => jobs.runWithin(completenessJob, {}, 0);
  jobs.work(completenessJob, { concurrency: 1, leaseMs: 60_000, timeLimitMs: completenessTimeLimitMs }, (_data, signal) => queue.drain(signal));
  jobs.afterSuccess(completenessJob, async () => {
    if ((await queue.state()).pending > 0) await wake();
  });
  await queue.drainBy(wake);
  await fillDerivedFieldsOnce(context);
}

/**
 * Asks once per database for the refresh that gives documents stored before `numbers` and `sortKeys`
 * existed those fields. The request is stored, so it survives restarts; remembering that it was made
 * spares every later start a scan of the whole products collection.
 */
async function fillDerivedFieldsOnce(context: CatalogContext): Promise<void> {
  const upgrades = context.connection.collection<{ _id: string; at: Date }>("catalog_upgrades");
  const upgrade = "derived-numbers-and-sort-keys";
  if (await upgrades.findOne({ _id: upgrade })) return;
  if (await context.models.products.exists(missingDerivedFields)) await context.completeness.request(missingDerivedFields);
  await upgrades.updateOne({ _id: upgrade }, { $setOnInsert: { at: new Date() } }, { upsert: true });
}
