import { DateTimeResolver } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { DeliveryStatus } from "../../webhooks/webhook-store.js";

export enum WebhookDeliveryStatusEnum {
  PENDING = "pending",
  DELIVERED = "delivered",
  PARKED = "parked",
}
registerEnumType(WebhookDeliveryStatusEnum, {
  name: "WebhookDeliveryStatus",
  valuesConfig: {
    PENDING: { description: "Being retried with backoff" },
    DELIVERED: { description: "The receiver answered 2xx" },
    PARKED: { description: "Every attempt failed; later events went on without it. replayWebhookDelivery sends it again" },
  },
});

@ObjectType("WebhookSubscription", { description: "Where change events are POSTed; docs/webhooks.md describes the deliveries and their signature" })
export class WebhookSubscriptionType {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [String], { description: "Event types or prefixes like offer.*" }) eventTypes!: string[];
  @Field(() => [String], { description: "Empty: every channel" }) channels!: string[];
  @Field(() => Boolean) active!: boolean;
  @Field(() => Float, { description: "The last change-event sequence handled (delivered, parked or not wanted)" }) cursor!: number;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;
}

@ObjectType("WebhookSubscriptionWithSecret")
export class WebhookSubscriptionWithSecretType {
  @Field(() => WebhookSubscriptionType) subscription!: WebhookSubscriptionType;
  @Field(() => String, { description: "Signs every delivery (PIM-Signature); shown only here, so store it now" }) secret!: string;
}

@ObjectType("WebhookDeliveryAttempt")
export class WebhookDeliveryAttemptType {
  @Field(() => DateTimeResolver) at!: Date;
  @Field(() => Int, { nullable: true, description: "The receiver's status; null when no response came" }) httpStatus!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) durationMs!: number;
  @Field(() => Boolean, { description: "Sent by replayWebhookDelivery" }) replay!: boolean;
}

@ObjectType("WebhookDelivery", { description: "One POST of up to 100 events, with every attempt to send it" })
export class WebhookDeliveryType {
  @Field(() => ID, { description: "Also the body's deliveryId and the PIM-Delivery-Id header" }) id!: string;
  @Field(() => ID) subscription!: string;
  @Field(() => WebhookDeliveryStatusEnum) status!: DeliveryStatus;
  @Field(() => [String], { description: "The ids of the events it carries" }) eventIds!: string[];
  @Field(() => Float) firstSequence!: number;
  @Field(() => Float) lastSequence!: number;
  @Field(() => [WebhookDeliveryAttemptType]) attempts!: WebhookDeliveryAttemptType[];
  @Field(() => DateTimeResolver, { nullable: true, description: "While pending: when the next attempt is due" }) nextAttemptAt!: Date | null;
  @Field(() => String, { description: "The exact JSON body sent" }) body!: string;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;
}

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field(() => String) url!: string;
  @Field(() => [String], { description: "Exact types (product.changed) or prefixes (offer.*)" }) eventTypes!: string[];
  @Field(() => [String], { nullable: true, description: "Empty or omitted: every channel" }) channels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: "Default true" }) active?: boolean | null;
}

@InputType({ description: "Omitted or null fields keep their value" })
export class UpdateWebhookSubscriptionInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) eventTypes?: string[] | null;
  @Field(() => [String], { nullable: true, description: "[] for every channel" }) channels?: string[] | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}
