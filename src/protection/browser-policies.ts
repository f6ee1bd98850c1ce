import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Standard security headers on every response (helmet's defaults: a strict Content-Security-Policy,
 * nosniff, frame denial, HSTS, no referrer leaks), the GraphQL explorer page included: it loads its
 * scripts and styles from the service itself.
 */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/** Cross-origin access only for the configured origins; with none, browsers on other sites get no CORS headers and so no access. */
export function crossOrigin(origins: string[]): RequestHandler {
  return cors({
    origin: origins.length > 0 ? origins : false,
    allowedHeaders: ["content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name", "x-request-id"],
    exposedHeaders: ["x-request-id", "retry-after"],
    maxAge: 600,
  });
}
