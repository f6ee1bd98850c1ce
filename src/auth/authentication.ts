import type { Request, RequestHandler, Response } from "express";
import type { ApiKeyStore } from "./api-keys.js";
import type { AuditLog } from "./audit-log.js";
import { httpAccessOf } from "./http-access.js";
import { anonymousReader, type Principal } from "./principal.js";
import type { RateLimits } from "./rate-limits.js";

export interface AuthenticationOptions {
  keys: ApiKeyStore;
  audit: AuditLog;
  limits: RateLimits;
  /** Callers without a key get reader rights instead of 401. */
  anonymousRead: boolean;
}

/** The caller the authentication middleware admitted; absent on public routes. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

function refuse(req: Request, res: Response, status: number, code: string, message: string): void {
  if (status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="pim"');
  if (req.path === "/graphql") res.status(status).json({ errors: [{ message, extensions: { code } }] });
  else res.status(status).json({ error: code, message });
}

function tooManyRequests(req: Request, res: Response, retryAfterSeconds: number, who: string): void {
  res.setHeader("Retry-After", String(retryAfterSeconds));
  refuse(req, res, 429, "TOO_MANY_REQUESTS", `Too many requests from ${who}; retry in ${retryAfterSeconds} s`);
}

function bearerToken(header: string): string | null {
  return /^Bearer +([^\s]+) *$/i.exec(header)?.[1] ?? null;
}

/**
 * Every request but the public routes needs an API key (Authorization: Bearer …), or anonymous read
 * access when the operator enabled it. Failures are audited and rate limited per IP address; a valid
 * key is rate limited on its own, so nobody else's flood can lock it out.
 */
export function authentication({ keys, audit, limits, anonymousRead }: AuthenticationOptions): RequestHandler {
  return async (req, res, next) => {
    const access = httpAccessOf(req.method, req.path);
    if (access === "public" || req.method === "OPTIONS") return next();
    const ip = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const requestId = String(req.id);
    const header = req.headers.authorization;
    let principal: Principal;
    if (header === undefined && anonymousRead) {
      const admission = await limits.admitIp(ip);
      if (!admission.allowed) return tooManyRequests(req, res, admission.retryAfterSeconds, "this address");
      principal = anonymousReader;
    } else {
      const token = header === undefined ? null : bearerToken(header);
      const result = token
        ? await keys.authenticate(token)
        : {
            ok: false as const,
            reason: header === undefined ? "an API key is required: Authorization: Bearer <key>" : "the Authorization header must be Bearer <key>",
            keyId: null,
          };
      if (!result.ok) {
        const admission = await limits.admitIp(ip);
        if (!admission.allowed) return tooManyRequests(req, res, admission.retryAfterSeconds, "this address");
        // Awaited, so the entry is there when the caller hears 401; the IP limit above bounds these writes.
        await audit.recordOrLog({
          event: "authentication_failed",
          actor: "anonymous",
          keyId: result.keyId,
          ip,
          requestId,
          reason: `${req.method} ${req.path}: ${result.reason}`,
        });
        return refuse(req, res, 401, "UNAUTHENTICATED", `Not authenticated: ${result.reason}`);
      }
      const admission = await limits.admitKey(result.key.keyId);
      if (!admission.allowed) return tooManyRequests(req, res, admission.retryAfterSeconds, "this API key");
      principal = result.principal;
    }
    if (principal.role !== "admin" && !(access ?? []).includes(principal.role)) {
      const who = principal.keyId ? `a ${principal.role} key` : "an anonymous caller";
      return refuse(
        req,
        res,
        403,
        "FORBIDDEN",
        `${req.method} ${req.path} is not allowed for ${who}${access ? `; it is for ${["admin", ...access].join(", ")}` : "; it is for admin keys"}`,
      );
    }
    res.locals.principal = principal;
    next();
  };
}
