import { loadDemoCatalogIfEmpty } from "../demo/demo-catalog.js";
import { issueFeedToken } from "../feeds/feed-tokens.js";
import type { SubsystemFactory } from "./subsystem.js";

/** The demo catalog, loaded into an empty database before the feeds exist, so loading it starts no feed run per product. */
export const demoCatalog: SubsystemFactory = async ({ config, catalog, media, logger }) => ({
  serves: { demoLoaded: config.seedDemo && (await loadDemoCatalogIfEmpty(catalog, media, logger)) },
});

/**
 * A newcomer's first start prints a working pull URL per channel; the tokens are not shown again. They
 * are issued before the service listens, so none replaces a token a client rotates as soon as it can.
 */
export const demoFeedTokens: SubsystemFactory = async ({ demoLoaded, catalog, feeds, logger }) => {
  if (!demoLoaded) return {};
  const issued: Array<{ channel: string; token: string }> = [];
  for (const channel of (await catalog.definitions()).channels.values()) {
    if (channel.export) issued.push({ channel: channel.code, token: await issueFeedToken(feeds.models, channel.code) });
  }
  return {
    start: async ({ url }) => {
      for (const { channel, token } of issued)
        logger.info({ channel, feed: `${url}/feeds/${channel}?token=${token}` }, "demo feed URL (shown once; rotate with the rotateFeedToken mutation)");
    },
  };
};
