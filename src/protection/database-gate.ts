import type { RequestHandler, Response } from "express";
import mongoose, { type Connection } from "mongoose";

/**
 * While the driver knows the database is away, requests are answered 503 at once instead of each
 * waiting for server selection to time out. The driver keeps probing and reconnects by itself; the
 * gate opens as soon as it has.
 */
export function databaseGate(connection: Connection, answer: (res: Response, message: string) => void): RequestHandler {
  return (_req, res, next) => {
    if (connection.readyState === mongoose.ConnectionStates.connected) return next();
    res.setHeader("Retry-After", "5");
    answer(res, "The database is unavailable; try again shortly");
  };
}
