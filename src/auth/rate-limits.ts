import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface RateLimitSettings {
  /** Requests one API key may make per window. */
  keyRequests: number;
  /** Anonymous requests and failed authentications one IP address may make per window. */
  ipRequests: number;
  windowSeconds: number;
}

export const defaultRateLimits: RateLimitSettings = { keyRequests: 1200, ipRequests: 60, windowSeconds: 60 };

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * In-process fixed windows (rate-limiter-flexible): per key, and per IP address for callers without a
 * valid key, so a flood from one caller never spends another caller's allowance. Each instance of a
 * fleet counts on its own.
 */
export class RateLimits {
  private readonly byKey: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(settings: RateLimitSettings) {
    this.byKey = new RateLimiterMemory({ keyPrefix: "key", points: settings.keyRequests, duration: settings.windowSeconds });
    this.byIp = new RateLimiterMemory({ keyPrefix: "ip", points: settings.ipRequests, duration: settings.windowSeconds });
  }

  admitKey(keyId: string): Promise<Admission> {
    return admit(this.byKey, keyId);
  }

  admitIp(ip: string): Promise<Admission> {
    return admit(this.byIp, ip);
  }
}

async function admit(limiter: RateLimiterMemory, key: string): Promise<Admission> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
  }
}
