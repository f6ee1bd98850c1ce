import express from "express";
import type { CatalogServices } from "../catalog/services.js";
import type { FeedService } from "../feeds/feed-service.js";
import { productPreview } from "../feeds/product-preview.js";
import { httpRoute } from "../auth/http-access.js";
import { principalOf } from "../auth/authentication.js";
import { readableTrees } from "../auth/principal.js";
import { mayReadLocale } from "../auth/read-rights.js";
import { previewHtml, previewNotFoundHtml } from "./preview-html.js";

/**
 * `GET /preview/{sku}` (editors, like `renderProduct` and `consistencyReport`): the product as every
 * channel will show it, side by side, with the consistency report's flags and the channels' problems.
 * A product outside the key's category trees is answered like an unknown one, and channels in locales
 * the key may not read are left out.
 */
export function previewRoutes(catalog: CatalogServices, feeds: FeedService): express.Router {
  const router = express.Router();
  router.get(httpRoute("GET", "/preview/:sku", ["editor"]), async (req, res) => {
    const principal = principalOf(res);
    if (!principal) throw new Error("preview request without an authenticated principal");
    const sku = req.params.sku;
    res.setHeader("Cache-Control", "no-store");
    const readable = await catalog.loaders(readableTrees(principal)).productBySku.load(sku);
    const preview = readable
      ? await productPreview(catalog, sku, {
          freshnessOf: feeds.freshness,
          showsChannel: (channel) => mayReadLocale(principal, channel.export?.locale ?? null),
        })
      : null;
    if (!preview) {
      res.status(404).type("html").send(previewNotFoundHtml(sku));
      return;
    }
    res.type("html").send(previewHtml(preview));
  });
  return router;
}
