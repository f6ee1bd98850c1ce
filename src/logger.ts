import { pino, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

/** `pretty` for people at a terminal (one readable line per entry, a stack on its own lines), `json` for log collectors. */
export type LogFormat = "pretty" | "json";

const options = {
  base: { service: "pim" },
  redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token"], censor: "[redacted]" },
};

export function createLogger(level: string, format: LogFormat = process.stdout.isTTY && process.env.NODE_ENV !== "production" ? "pretty" : "json"): Logger {
  if (format === "json") return pino({ ...options, level });
  // In-process and synchronous, not pino's worker transport: a crash's last lines are not lost in a worker's buffer.
  return pino(
    { ...options, level },
    pretty({ colorize: process.stdout.isTTY === true, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" }),
  );
}
