import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { defaultWebhookSettings, retryDelayMs } from "../../src/webhooks/settings.js";

describe("webhook retry delays", () => {
  const settings = { retryBaseDelayMs: 1_000, maxRetryDelayMs: 300_000 };

  it("doubles per failed attempt between half and all of base × 2^(attempt − 1)", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, settings, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, settings, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it("never waits longer than five minutes", () => {
    expect(retryDelayMs(30, settings, () => 1)).toBe(300_000);
    expect(retryDelayMs(1_000, settings, () => 1)).toBe(300_000);
  });
});

describe("webhook configuration", () => {
  it("defaults to 8 attempts, a 10 s timeout and a 1 s base delay", () => {
    expect(loadConfig({}).webhooks).toEqual({});
    expect(defaultWebhookSettings).toMatchObject({ maxAttempts: 8, timeoutMs: 10_000, retryBaseDelayMs: 1_000 });
  });

  it("reads the WEBHOOK_ variables", () => {
    expect(loadConfig({ WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_TIMEOUT_MS: "2500", WEBHOOK_RETRY_BASE_DELAY_MS: "50" }).webhooks).toEqual({
      maxAttempts: 3,
      timeoutMs: 2_500,
      retryBaseDelayMs: 50,
    });
  });

  it.each([
    [{ WEBHOOK_MAX_ATTEMPTS: "0" }, /^Invalid configuration: WEBHOOK_MAX_ATTEMPTS must be a whole number from 1 to 100 \(got 0\)$/],
    [{ WEBHOOK_TIMEOUT_MS: "10s" }, /^Invalid configuration: WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 300000 \(got "10s"\)$/],
    [{ WEBHOOK_RETRY_BASE_DELAY_MS: "-1" }, /^Invalid configuration: WEBHOOK_RETRY_BASE_DELAY_MS must be a whole number of milliseconds/],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
