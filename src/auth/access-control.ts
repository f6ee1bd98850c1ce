import type { RequestHandler } from "express";
import type { Connection } from "mongoose";
import type { Logger } from "../logger.js";
import { ApiKeyStore, generateToken } from "./api-keys.js";
import { AuditLog } from "./audit-log.js";
import { authentication } from "./authentication.js";
import { RateLimits } from "./rate-limits.js";
import { defaultAuthSettings, type AuthSettings } from "./settings.js";

/** API keys, their audit log and the rate limits of one service process. */
export class AccessControl {
  readonly audit: AuditLog;
  readonly keys: ApiKeyStore;
  readonly settings: AuthSettings;
  private readonly limits: RateLimits;

  constructor(
    connection: Connection,
    settings: Partial<AuthSettings>,
    private readonly logger: Logger,
  ) {
    this.settings = { ...defaultAuthSettings, ...settings };
    this.audit = new AuditLog(connection, logger);
    this.keys = new ApiKeyStore(connection, this.audit, logger);
    this.limits = new RateLimits(this.settings.rateLimits);
  }

  middleware(): RequestHandler {
    return authentication({ keys: this.keys, audit: this.audit, limits: this.limits, anonymousRead: this.settings.anonymousRead });
  }

  /**
   * A database without keys gets an admin key, so the first operator can get in. A generated token is
   * logged once (the only place it ever appears); one given in INITIAL_ADMIN_KEY is not logged.
   * Returns the token when this start created the key.
   */
  async ensureInitialAdminKey(): Promise<string | undefined> {
    if (!(await this.keys.isEmpty())) return undefined;
    const given = this.settings.initialAdminKey;
    const token = given ?? generateToken();
    const { key } = await this.keys.create(
      { name: "initial admin", role: "admin" },
      { locales: new Set(), rootCategories: new Set() },
      { actor: "service start-up", ip: null, requestId: null },
      token,
    );
    if (given) this.logger.info({ keyId: key.keyId }, "initial admin API key created from INITIAL_ADMIN_KEY");
    else this.logger.warn({ keyId: key.keyId, adminApiKey: token }, "INITIAL ADMIN API KEY (shown once, store it now; send it as Authorization: Bearer <key>)");
    return token;
  }
}
