import type { RequestHandler, Response } from "express";

/**
 * Caps the requests served at once, in all and per client address. One more is answered 503 with
 * Retry-After before its body is read, so memory stays bounded by the cap times the body limit however
 * hard the service is flooded, and a few clients that trickle their bodies in (each holding a slot
 * until its body is complete) can take their address's share of the slots, not every slot.
 */
export function shedLoad(maxInFlight: number, maxPerAddress: number, answer: (res: Response, message: string) => void): RequestHandler {
  let inFlight = 0;
  const byAddress = new Map<string, number>();
  return (req, res, next) => {
    const address = req.socket.remoteAddress ?? "unknown";
    const fromAddress = byAddress.get(address) ?? 0;
    if (inFlight >= maxInFlight || fromAddress >= maxPerAddress) {
      res.setHeader("Retry-After", "1");
      const which =
        inFlight >= maxInFlight ? `its limit of ${maxInFlight} requests at once` : `its limit of ${maxPerAddress} requests at once from one address`;
      answer(res, `The service is at ${which}; retry in a second`);
      return;
    }
    inFlight += 1;
    byAddress.set(address, fromAddress + 1);
    res.once("close", () => {
      inFlight -= 1;
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left > 0) byAddress.set(address, left);
      else byAddress.delete(address);
    });
    next();
  };
}
