import { allegroOffersExporter } from "./allegro-offers/index.js";
import { amazonListingsExporter } from "./amazon-listings/index.js";
import { googleMerchantExporter } from "./google-merchant/index.js";
import { metaCatalogExporter } from "./meta-catalog/index.js";
import { mobileAppExporter } from "./mobile-app/index.js";
import { pinterestCatalogExporter } from "./pinterest-catalog/index.js";
import type { ChannelExporter } from "./types.js";
import { websiteExporter } from "./website/index.js";
import { yandexMarketExporter } from "./yandex-market-yml/index.js";

/** Every exporter the PIM knows, by the code a channel's `export.exporter` names. The only list. */
export const exporters: ReadonlyMap<string, ChannelExporter> = new Map(
  (
    [
      websiteExporter,
      mobileAppExporter,
      googleMerchantExporter,
      metaCatalogExporter,
      pinterestCatalogExporter,
      amazonListingsExporter,
      allegroOffersExporter,
      yandexMarketExporter,
    ] as ChannelExporter[]
  ).map((exporter) => [exporter.code, exporter]),
);
