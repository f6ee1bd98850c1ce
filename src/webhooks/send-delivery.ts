import { boundedText } from "../bounded.js";
import { fetch } from "undici";
import { deliveryIdHeader, signatureHeader, signWebhook } from "./signature.js";
import { literalAddressProblem, publicOnlyAgent } from "../protection/outbound-address.js";
import type { DeliveryAttempt } from "./webhook-store.js";

export interface DeliveryRequest {
  url: string;
  secret: string;
  deliveryId: string;
  body: string;
  timeoutMs: number;
  replay?: boolean;
  /** Aborts the request when the service stops; such an attempt is not a receiver's failure. */
  stop?: AbortSignal;
  /** Loopback, private and link-local targets are refused unless this is set (WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets?: boolean;
}

export interface SentAttempt extends DeliveryAttempt {
  delivered: boolean;
}

/** One signed POST, signed at the moment it is sent; never throws, the outcome is the attempt record. */
export async function sendDelivery(request: DeliveryRequest): Promise<SentAttempt> {
  const at = new Date();
  const started = performance.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.stop ? AbortSignal.any([timeout, request.stop]) : timeout;
  const outcome = (httpStatus: number | null, error: string | null): SentAttempt => ({
    at,
    httpStatus,
    error: error === null ? null : boundedText(error, 500),
    durationMs: Math.round(performance.now() - started),
    replay: request.replay ?? false,
    delivered: httpStatus !== null && httpStatus >= 200 && httpStatus < 300,
  });
  const refused = request.allowPrivateTargets ? null : literalAddressProblem(request.url);
  if (refused) return outcome(null, `refused: ${refused}`);
  try {
    const response = await fetch(request.url, {
      ...(request.allowPrivateTargets ? {} : { dispatcher: publicOnlyAgent() }),
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "omnichannel-pim-webhooks",
        [deliveryIdHeader]: request.deliveryId,
        [signatureHeader]: signWebhook(request.secret, request.body, Math.floor(Date.now() / 1000)),
      },
      body: request.body,
      signal,
      // A redirect is answered as a failure: following it would send the signed body somewhere nobody subscribed.
      redirect: "manual",
    });
    // Only the status counts; the body is dropped so the connection is freed without reading what may be large.
    await response.body?.cancel().catch(() => undefined);
    return outcome(response.status, response.ok ? null : `HTTP ${response.status}`);
  } catch (error) {
    if (timeout.aborted) return outcome(null, `timed out after ${request.timeoutMs} ms`);
    return outcome(null, describeFetchError(error));
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  return error instanceof Error ? error.message : String(error);
}
