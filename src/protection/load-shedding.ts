import type { RequestHandler, Response } from "express";

/**
 * Caps the requests served at once. One more is answered 503 with Retry-After before its body is
 * read, so memory stays bounded by the cap times the body limit however hard the service is flooded.
 */
export function shedLoad(maxInFlight: number, answer: (res: Response, message: string) => void): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= maxInFlight) {
      res.setHeader("Retry-After", "1");
      answer(res, `The service is at its limit of ${maxInFlight} requests at once; retry in a second`);
      return;
    }
    inFlight += 1;
    res.once("close", () => (inFlight -= 1));
    next();
  };
}
