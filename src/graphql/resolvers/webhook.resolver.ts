import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { SubscriptionWithSecret } from "../../webhooks/webhook-service.js";
import type { WebhookDeliveryDoc, WebhookSubscriptionDoc } from "../../webhooks/webhook-store.js";
import type { GraphQLContext } from "../context.js";
import { BackgroundJobType } from "../types/background-job.types.js";
import {
  CreateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionInput,
  WebhookDeliveryAttemptType,
  WebhookDeliveryStatusEnum,
  WebhookDeliveryType,
  WebhookSubscriptionType,
  WebhookSubscriptionWithSecretType,
} from "../types/webhook.types.js";
import { plainInput } from "./plain-input.js";
import { Allow } from "../../auth/roles.js";

function toSubscription({ _id, secret: _secret, ...rest }: WebhookSubscriptionDoc): WebhookSubscriptionType {
  return Object.assign(new WebhookSubscriptionType(), { id: _id, ...rest });
}

function withSecret({ subscription, secret }: SubscriptionWithSecret): WebhookSubscriptionWithSecretType {
  return Object.assign(new WebhookSubscriptionWithSecretType(), { subscription: toSubscription(subscription), secret });
}

function toDelivery({ _id, attempts, ...rest }: WebhookDeliveryDoc): WebhookDeliveryType {
  return Object.assign(new WebhookDeliveryType(), { id: _id, ...rest, attempts: attempts.map((a) => Object.assign(new WebhookDeliveryAttemptType(), a)) });
}

/** Webhook subscriptions, their secrets and their delivery log. */
@Resolver()
export class WebhookResolver {
  @Allow()
  @Query(() => [WebhookSubscriptionType], { description: "Every webhook subscription, without secrets" })
  async webhookSubscriptions(@Ctx() { webhooks }: GraphQLContext): Promise<WebhookSubscriptionType[]> {
    return (await webhooks.list()).map(toSubscription);
  }

  @Allow()
  @Mutation(() => WebhookSubscriptionWithSecretType, { description: "Starts with the next change event; earlier ones are not sent" })
  async createWebhookSubscription(
    @Arg("input", () => CreateWebhookSubscriptionInput, { description: "Where to send which events" }) input: CreateWebhookSubscriptionInput,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<WebhookSubscriptionWithSecretType> {
    return withSecret(await webhooks.create(plainInput(input)));
  }

  @Allow()
  @Mutation(() => WebhookSubscriptionType, { description: "Changes a subscription's URL, event types, channels or active flag; the secret and cursor stay" })
  async updateWebhookSubscription(
    @Arg("id", () => ID, { description: "The subscription's id" }) id: string,
    @Arg("changes", () => UpdateWebhookSubscriptionInput, { description: "What to change; omitted or null fields keep their value" })
    changes: UpdateWebhookSubscriptionInput,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<WebhookSubscriptionType> {
    return toSubscription(await webhooks.update(id, plainInput(changes)));
  }

  @Allow()
  @Mutation(() => Boolean, { description: "Deletes the subscription and its delivery log" })
  async deleteWebhookSubscription(
    @Arg("id", () => ID, { description: "The subscription's id" }) id: string,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<boolean> {
    await webhooks.delete(id);
    return true;
  }

  @Allow()
  @Mutation(() => WebhookSubscriptionWithSecretType, { description: "A new signing secret; the old one stops at once" })
  async rotateWebhookSecret(
    @Arg("id", () => ID, { description: "The subscription's id" }) id: string,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<WebhookSubscriptionWithSecretType> {
    return withSecret(await webhooks.rotateSecret(id));
  }

  @Allow()
  @Query(() => [WebhookDeliveryType], { description: "A subscription's deliveries, newest first" })
  async webhookDeliveries(
    @Arg("subscription", () => ID, { description: "The subscription's id" }) subscription: string,
    @Arg("status", () => WebhookDeliveryStatusEnum, { nullable: true, description: "Only deliveries in this status; omitted or null: all" })
    status: WebhookDeliveryStatusEnum | null,
    @Arg("first", () => Int, { defaultValue: 20, description: "How many, 1 to 100 (default 20)" }) first: number,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<WebhookDeliveryType[]> {
    return (await webhooks.deliveries(subscription, status, first)).map(toDelivery);
  }

  @Allow()
  @Mutation(() => WebhookDeliveryType, {
    description: "Sends a delivered or parked delivery again with a fresh signature; a parked one that gets through becomes delivered",
  })
  async replayWebhookDelivery(
    @Arg("id", () => ID, { description: "The delivery's id" }) id: string,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<WebhookDeliveryType> {
    return toDelivery(await webhooks.replay(id));
  }

  @Allow()
  @Mutation(() => BackgroundJobType, {
    description:
      "Replays every parked delivery of the subscription, oldest first, as a background job; one the receiver still refuses stops it until its retry (see backgroundJobs)",
  })
  async replayWebhookDeliveries(
    @Arg("subscription", () => ID, { description: "The subscription's id" }) subscription: string,
    @Ctx() { webhooks }: GraphQLContext,
  ): Promise<BackgroundJobType> {
    return Object.assign(new BackgroundJobType(), await webhooks.replayParkedInBackground(subscription));
  }
}
