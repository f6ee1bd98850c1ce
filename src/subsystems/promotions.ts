import { PromotionScheduler } from "../offers/promotion-scheduler.js";
import type { SubsystemFactory } from "./subsystem.js";

/** Publishes promotions as they start and end; one process of a fleet at a time, by lease. */
export const promotions: SubsystemFactory = async ({ catalog, jobs, logger }) => {
  const scheduler = new PromotionScheduler(catalog, jobs.leases, logger);
  return { start: () => scheduler.start(), stop: () => scheduler.stop() };
};
