import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler, type Response } from "express";
import type { Connection } from "mongoose";
import { checkDatabase } from "../database/connection.js";
import { httpRoute } from "../auth/http-access.js";
import { httpStatusOf, PimError, type FieldProblem } from "../errors.js";
import { UploadRefused } from "../media/inspect-upload.js";

export function healthRoutes(connection: Connection): express.Router {
  const router = express.Router();
  router.get(httpRoute("GET", "/healthz", "public"), (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get(httpRoute("GET", "/readyz", "public"), async (_req, res) => {
    const check = await checkDatabase(connection);
    if (check.ok) res.json({ status: "ready", database: "reachable" });
    else res.status(503).json({ status: "unavailable", reason: `database unreachable: ${check.reason}` });
  });
  return router;
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: "NOT_FOUND", message: `No route for ${req.method} ${req.path}` });
};

interface BodyParserError {
  type?: string;
  status?: number;
  message: string;
}

/** Body parser failures become GraphQL-style 400s on /graphql and plain JSON errors elsewhere. */
/**
 * The one place HTTP routes' errors become answers: a PimError with its code's status and its problems,
 * a refused upload with its own status, a body parser's 4xx, and anything else a logged 500. Routes
 * throw; none answers errors of its own.
 */
export function errorHandler(): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    // A request answered at its deadline may still try to answer when its work ends; that is expected.
    if (res.locals.timedOut) return;
    if (res.headersSent) return next(error);
    if (error instanceof PimError) {
      answerError(req, res, httpStatusOf(error.code), error.code, error.message, error.problems);
      return;
    }
    if (error instanceof UploadRefused) {
      answerError(req, res, error.status, error.code, error.message);
      return;
    }
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message =
      error.type === "entity.parse.failed"
        ? `Malformed JSON in request body: ${error.message}`
        : error.type === "entity.too.large"
          ? "Request body is too large"
          : status === 500
            ? "Internal server error"
            : error.message;
    const code = status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
    if (status === 500) req.log?.error({ err: error }, "unhandled error");
    answerError(req, res, status, code, message);
  };
}

/** GraphQL-style errors on /graphql, plain JSON errors elsewhere. */
function answerError(req: Request, res: Response, status: number, code: string, message: string, problems?: FieldProblem[]): void {
  if (req.originalUrl.split("?")[0]?.startsWith("/graphql"))
    res.status(status).json({ errors: [{ message, extensions: { code, ...(problems?.length ? { problems } : {}) } }] });
  else res.status(status).json({ error: code, message, ...(problems?.length ? { problems } : {}) });
}

/** For load shedding, the database gate and request deadlines, which all mean "not now, try again". */
export function answerUnavailable(res: Response, message: string): void {
  answerError(res.req, res, 503, "SERVICE_UNAVAILABLE", message);
}

export function mountFallbacks(app: Express): void {
  app.use(notFound);
  app.use(errorHandler());
}
