import { defaultWebhookSettings } from "../webhooks/settings.js";
import { WebhookService } from "../webhooks/webhook-service.js";
import type { SubsystemFactory } from "./subsystem.js";

/** One dispatcher per process: several instances on one database would each deliver every event. */
export const webhooks: SubsystemFactory = async ({ connection, catalog, config, jobs, logger }) => {
  const webhooks = new WebhookService(connection, catalog, { ...defaultWebhookSettings, ...config.webhooks }, jobs, logger);
  await webhooks.start();
  return { serves: { webhooks }, stop: () => webhooks.stop() };
};
