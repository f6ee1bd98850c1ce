import { changeEventTypes, type ChangeEvent } from "../events/change-event.js";
import { PimError, type FieldProblem } from "../errors.js";
import { assertValidInput } from "../validation/input-validation.js";

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  channels?: string[];
  active?: boolean;
}

export interface SubscriptionFilter {
  eventTypes: readonly string[];
  channels: readonly string[];
}

/** "offer.*" covers every type that starts with "offer."; anything else must be a type as it is. */
function eventTypePatternProblem(pattern: string): string | null {
  if (pattern.endsWith(".*")) {
    const prefix = pattern.slice(0, -1);
    return changeEventTypes.some((type) => type.startsWith(prefix))
      ? null
      : `${pattern} matches no event type; prefixes are ${[...new Set(changeEventTypes.map((t) => `${t.split(".")[0]}.*`))].join(", ")}`;
  }
  return (changeEventTypes as readonly string[]).includes(pattern)
    ? null
    : `${pattern} is not an event type; use one of ${changeEventTypes.join(", ")} or a prefix like offer.*`;
}

/**
 * Validates a whole subscription (on update: the stored one with the changes applied). The schema
 * checks the shape; the URL is parsed for real, and event types and channels must exist.
 */
export function assertValidSubscription(input: unknown, knownChannels: ReadonlySet<string>): asserts input is SubscriptionInput {
  assertValidInput<SubscriptionInput>("webhook-subscription.schema.json", input, "webhook subscription");
  const problems: FieldProblem[] = [];
  const url = urlProblem(input.url);
  if (url) problems.push({ path: ["url"], message: `url ${url}` });
  input.eventTypes.forEach((pattern, i) => {
    const problem = eventTypePatternProblem(pattern);
    if (problem) problems.push({ path: ["eventTypes", String(i)], message: `eventTypes.${i}: ${problem}` });
  });
  (input.channels ?? []).forEach((channel, i) => {
    if (!knownChannels.has(channel)) problems.push({ path: ["channels", String(i)], message: `channels.${i}: channel ${channel} does not exist` });
  });
  if (problems.length) throw new PimError("BAD_USER_INPUT", `Invalid webhook subscription: ${problems.map((p) => p.message).join("; ")}`, problems);
}

function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  // Credentials in the URL would end up in logs and in the subscription list for anyone to read.
  if (url.username || url.password) return "must not contain a user name or password; receivers authenticate deliveries by their signature";
  if (url.hash) return "must not have a #fragment, which is never sent";
  return null;
}

export function eventMatches(filter: SubscriptionFilter, event: Pick<ChangeEvent, "type" | "channels">): boolean {
  const typeMatches = filter.eventTypes.some((pattern) => (pattern.endsWith(".*") ? event.type.startsWith(pattern.slice(0, -1)) : event.type === pattern));
  if (!typeMatches) return false;
  if (event.channels.length === 0 || filter.channels.length === 0) return true;
  return event.channels.some((channel) => filter.channels.includes(channel));
}
