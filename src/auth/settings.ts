import { defaultRateLimits, type RateLimitSettings } from "./rate-limits.js";

export interface AuthSettings {
  /** Callers without a key may read product data (reader rights). */
  anonymousRead: boolean;
  /** The token of the admin key created on first start; unset generates one and logs it once. */
  initialAdminKey: string | undefined;
  rateLimits: RateLimitSettings;
}

export const defaultAuthSettings: AuthSettings = { anonymousRead: false, initialAdminKey: undefined, rateLimits: defaultRateLimits };
