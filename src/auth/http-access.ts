import { match, type MatchFunction } from "path-to-regexp";
import type { NonAdminRole } from "./roles.js";

/** "public": no API key (health checks, and feed pulls, which check their own channel token). */
export type HttpAccess = "public" | readonly NonAdminRole[];

const declared = new Map<string, { method: string; matches: MatchFunction<object>; access: HttpAccess }>();

/**
 * Declares who may call an HTTP route and returns its path, so the declaration sits in the route's
 * own line: `router.get(httpRoute("GET", "/x/:id", productReaders), handler)`. Paths are full paths
 * as the client sends them. A route nobody declared is for admin keys only.
 */
export function httpRoute<Path extends string>(method: string, path: Path, access: HttpAccess): Path {
  declared.set(`${method} ${path}`, { method, matches: match(path, { decode: false }), access });
  return path;
}

/** The declared access of a request, or undefined when no route declares it (admin only). */
export function httpAccessOf(method: string, path: string): HttpAccess | undefined {
  const asked = method === "HEAD" ? "GET" : method;
  for (const route of declared.values()) if (route.method === asked && route.matches(path)) return route.access;
  return undefined;
}
