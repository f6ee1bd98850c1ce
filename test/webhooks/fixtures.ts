import { expect } from "vitest";
import type { TestService } from "../helpers/test-service.js";

/** The least a catalog needs for products with stock: an identifier, a family, a warehouse, and a channel to filter on. */
export async function minimalCatalog(service: TestService, skus: string[]): Promise<void> {
  const { catalog } = service;
  await catalog.saveLocale({ code: "en_US", label: "English" }, "test");
  await catalog.saveCurrency({ code: "EUR" }, "test");
  await catalog.saveCategory({ code: "master" }, "test");
  await catalog.saveChannel({ code: "web", locales: ["en_US"], currencies: ["EUR"], categoryTree: "master" }, "test");
  await catalog.saveAttributeGroup({ code: "general" }, "test");
  await catalog.saveAttribute({ code: "sku", type: "identifier", group: "general" }, "test");
  await catalog.saveAttribute({ code: "name", type: "text", group: "general" }, "test");
  await catalog.saveFamily({ code: "basic", attributes: ["sku", "name"], labelAttribute: "name" }, "test");
  await catalog.saveStockLocation({ code: "main", type: "warehouse" }, "test");
  const results = await catalog.saveProducts(
    skus.map((sku) => ({ sku, family: "basic", values: { name: [{ locale: null, channel: null, data: `Product ${sku}` }] } })),
    { mode: "upsert", actor: "test" },
  );
  expect(results.filter((r) => r.status !== "created")).toEqual([]);
}

export interface SubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  channels: string[];
  active: boolean;
  cursor: number;
}

export async function createSubscription(service: TestService, input: Record<string, unknown>): Promise<{ subscription: SubscriptionView; secret: string }> {
  const { data, errors } = await service.gql<{ createWebhookSubscription: { subscription: SubscriptionView; secret: string } }>(
    `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { id url eventTypes channels active cursor } secret } }`,
    { input },
  );
  expect(errors).toBeUndefined();
  return data.createWebhookSubscription;
}

export async function deleteSubscription(service: TestService, id: string): Promise<void> {
  const { errors } = await service.gql(`mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`, { id });
  expect(errors).toBeUndefined();
}

export interface DeliveryView {
  id: string;
  status: string;
  eventIds: string[];
  body: string;
  attempts: Array<{ httpStatus: number | null; error: string | null; durationMs: number; replay: boolean }>;
}

const deliveryFields = "id status eventIds body attempts { httpStatus error durationMs replay }";

export async function deliveriesOf(service: TestService, subscription: string, status?: string): Promise<DeliveryView[]> {
  const { data, errors } = await service.gql<{ webhookDeliveries: DeliveryView[] }>(
    `query($subscription: ID!, $status: WebhookDeliveryStatus) { webhookDeliveries(subscription: $subscription, status: $status) { ${deliveryFields} } }`,
    { subscription, status },
  );
  expect(errors).toBeUndefined();
  return data.webhookDeliveries;
}

export async function replay(service: TestService, id: string) {
  return service.gql<{ replayWebhookDelivery: DeliveryView }>(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { ${deliveryFields} } }`, { id });
}

export async function setStock(service: TestService, updates: Array<{ sku: string; location: string; onHand: number }>): Promise<void> {
  const { data, errors } = await service.gql<{ setStock: { failed: number } }>(
    `mutation($updates: [StockUpdateInput!]!) { setStock(updates: $updates) { failed } }`,
    { updates },
  );
  expect(errors).toBeUndefined();
  expect(data.setStock.failed).toBe(0);
}
