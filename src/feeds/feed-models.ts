import { Schema, type Connection, type Model } from "mongoose";
import type { FeedReport } from "./write-feed.js";
import type { SnapshotFile } from "./feed-snapshots.js";

export interface FeedReportDoc extends FeedReport {
  /** The channel code: one document per channel, its latest run. */
  _id: string;
}

/** How far a push channel's feed got: the published generation and how many of its parts the marketplace accepted. */
export interface FeedDeliveryDoc {
  /** The channel code. */
  _id: string;
  /** The first file of the generation being delivered, which names it. */
  generation: string;
  contentType: string;
  /** The generation's parts, so it can be finished after a newer snapshot replaced it as the current one. */
  files: SnapshotFile[];
  partsDelivered: number;
  parts: number;
  at: Date;
}

export interface FeedTokenDoc {
  /** The channel code. */
  _id: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  hash: string;
  createdAt: Date;
}

const options = { versionKey: false, minimize: false } as const;

export interface FeedModels {
  reports: Model<FeedReportDoc>;
  deliveries: Model<FeedDeliveryDoc>;
  tokens: Model<FeedTokenDoc>;
}

export function registerFeedModels(connection: Connection): FeedModels {
  return {
    reports: connection.models.FeedReport ?? connection.model("FeedReport", new Schema({ _id: String }, { ...options, strict: false }), "feed_reports"),
    deliveries:
      connection.models.FeedDelivery ??
      connection.model(
        "FeedDelivery",
        new Schema(
          {
            _id: String,
            generation: { type: String, required: true },
            contentType: { type: String, required: true },
            files: { type: Schema.Types.Mixed, required: true },
            partsDelivered: { type: Number, required: true },
            parts: { type: Number, required: true },
            at: { type: Date, required: true },
          },
          options,
        ),
        "feed_deliveries",
      ),
    tokens:
      connection.models.FeedToken ??
      connection.model(
        "FeedToken",
        new Schema({ _id: String, hash: { type: String, required: true }, createdAt: { type: Date, required: true } }, options),
        "feed_tokens",
      ),
  } as FeedModels;
}
