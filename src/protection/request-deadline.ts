import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestHandler } from "express";
import type { MongooseQueryMiddleware, Schema } from "mongoose";
import { PimError } from "../errors.js";

interface RequestScope {
  requestId: string;
  /** Epoch milliseconds after which the request gets no more database time. */
  deadline: number;
  timeoutMs: number;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The id of the request being served, wherever its work has got to (error formatting, database hooks). */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}

/**
 * Starts work that must outlive the request that triggered it (event publishing, feed runs, promotion
 * boundaries, completeness refreshes, imports) outside that request's scope. Timers and promises keep
 * the async context they were created in, so without this a feed run scheduled by a price change would
 * carry the change's deadline and fail once it had passed, and every retry with it.
 */
export function outsideRequest<T>(work: () => T): T {
  return scopes.exit(work);
}

export const timedOutMessage = (timeoutMs: number) => `The request took longer than ${timeoutMs} ms and was stopped; ask for less or try again later`;

/**
 * Gives each request a deadline. At the deadline the caller gets SERVICE_UNAVAILABLE even if work is
 * still running; that work can no longer reach the database (see `deadlinePlugin`), so one slow
 * request holds neither the caller nor the database. Mounted after body parsing: the request's
 * async context must start here for the database hooks to see it.
 */
export function requestDeadline(timeoutMs: number, answer: (res: Parameters<RequestHandler>[1], message: string) => void): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.timedOut = true;
      answer(res, timedOutMessage(timeoutMs));
    }, timeoutMs);
    res.once("close", () => clearTimeout(timer));
    scopes.run({ requestId: String(req.id), deadline: Date.now() + timeoutMs, timeoutMs }, next);
  };
}

/** Reads only: cutting a write short could leave a multi-step save half done. */
const readOperations: MongooseQueryMiddleware[] = ["find", "findOne", "countDocuments", "estimatedDocumentCount", "distinct"];

function remainingMs(): number | undefined {
  const scope = scopes.getStore();
  if (!scope) return undefined;
  const remaining = scope.deadline - Date.now();
  if (remaining <= 0) throw new PimError("SERVICE_UNAVAILABLE", timedOutMessage(scope.timeoutMs));
  return remaining;
}

/**
 * A mongoose plugin: inside a request, every read and aggregation gets the time left as `maxTimeMS`
 * (the server stops it there), and none starts once the deadline has passed. Background work (feeds,
 * webhooks) runs outside any request and keeps its own pace.
 */
export function deadlinePlugin(schema: Schema): void {
  schema.pre(readOperations, function setQueryTimeLimit() {
    const remaining = remainingMs();
    if (remaining !== undefined && this.getOptions().maxTimeMS === undefined) this.maxTimeMS(remaining);
  });
  schema.pre("aggregate", function setAggregationTimeLimit() {
    const remaining = remainingMs();
    if (remaining !== undefined && this.options.maxTimeMS === undefined) this.option({ maxTimeMS: remaining });
  });
}
