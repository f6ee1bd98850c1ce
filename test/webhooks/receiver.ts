import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface WireEvent {
  id: string;
  sequence: number;
  type: string;
  subject: string;
  channels: string[];
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { deliveryId: string; events: WireEvent[] };
  /** What the receiver answered. */
  answered: number;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers with the status `answer` picks. */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (requestIndex: number) => number = () => 200;
  private server: Server | null = null;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const answered = this.answer(this.requests.length);
        this.requests.push({ method: req.method ?? "", headers: req.headers, rawBody, body: JSON.parse(rawBody) as ReceivedRequest["body"], answered });
        res.writeHead(answered, { "content-type": "text/plain" }).end(answered < 300 ? "ok" : "not now");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Events from requests answered 2xx, each once: what a receiver deduplicating by event id keeps. */
  acceptedEvents(): WireEvent[] {
    const byId = new Map<string, WireEvent>();
    for (const request of this.requests) if (request.answered < 300) for (const event of request.body.events) byId.set(event.id, event);
    return [...byId.values()];
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
