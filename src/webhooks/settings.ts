/** How the dispatcher sends; tests shrink the delays so a parked delivery takes milliseconds, not hours. */
export interface WebhookSettings {
  /** Attempts per delivery before it is parked and the subscription moves on. */
  maxAttempts: number;
  /** How long one POST may take, connection included. */
  timeoutMs: number;
  /** The wait before the second attempt; it doubles per attempt (with jitter) up to `maxRetryDelayMs`. */
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  /** The slow poll that catches what a missed wake-up or another process left behind. */
  pollIntervalMs: number;
  /** Whether targets may be loopback, private or link-local addresses (off: see protection/outbound-address.ts). */
  allowPrivateTargets: boolean;
}

export const defaultWebhookSettings: WebhookSettings = {
  maxAttempts: 8,
  timeoutMs: 10_000,
  retryBaseDelayMs: 1_000,
  maxRetryDelayMs: 5 * 60_000,
  pollIntervalMs: 30_000,
  allowPrivateTargets: false,
};

/**
 * The wait before attempt `failedAttempts + 1`: base × 2^(failedAttempts − 1), capped, then drawn
 * between half and all of it so that receivers coming back up are not hit by every sender at once.
 */
export function retryDelayMs(
  failedAttempts: number,
  settings: Pick<WebhookSettings, "retryBaseDelayMs" | "maxRetryDelayMs">,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxRetryDelayMs, settings.retryBaseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
