import { BackgroundJobs } from "../jobs/background-jobs.js";
import type { SubsystemFactory } from "./subsystem.js";

/** The background job queue; jobRunner (later in the list, once every kind of job is registered) starts it. */
export const jobs: SubsystemFactory = async ({ connection, logger, catalog }) => {
  const jobs = new BackgroundJobs(connection, logger);
  await catalog.refreshInBackground(jobs);
  return { serves: { jobs } };
};

/** Runs the queue once the service listens; stopped before the subsystems whose jobs it runs wait for them. */
export const jobRunner: SubsystemFactory = async ({ jobs }) => ({ start: () => jobs.start(), stop: () => jobs.stop() });
