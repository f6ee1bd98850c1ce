import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pinoHttp } from "pino-http";
import type { Logger } from "../logger.js";

const requestIdHeader = "x-request-id";

function requestIdOf(req: IncomingMessage): string {
  const offered = req.headers[requestIdHeader];
  // Accept a caller's id only when it is short and plain, so logs cannot be polluted through it.
  return typeof offered === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(offered) ? offered : randomUUID();
}

/** Feed tokens travel in pull URLs; they must never reach a log. */
export function withoutSecrets(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, "$1[redacted]");
}

/** One JSON line per finished request: request id, method, url, status, duration. */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: withoutSecrets(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    // Express rewrites req.url inside mounted routers; the message names the path the client asked for.
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${withoutSecrets((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "")} ${res.statusCode} ${Math.round(responseTime)}ms`,
  });
}
