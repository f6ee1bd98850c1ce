import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Standard security headers on every response (helmet's defaults: a strict Content-Security-Policy,
 * nosniff, frame denial, HSTS, no referrer leaks). Apollo's sandbox landing page runs scripts from
 * Apollo's CDN, so when it is on, the page itself goes without a Content-Security-Policy.
 */
export function securityHeaders(landingPage: boolean): RequestHandler {
  const strict = helmet();
  const forLandingPage = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  return (req, res, next) => {
    const servesLandingPage = landingPage && req.method === "GET" && req.path === "/graphql" && req.accepts(["application/json", "text/html"]) === "text/html";
    return (servesLandingPage ? forLandingPage : strict)(req, res, next);
  };
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
