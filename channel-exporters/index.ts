import { allegroOffersExporter } from "./allegro-offers/index.js";
import { amazonListingsExporter } from "./amazon-listings/index.js";
import { ceneoXmlExporter } from "./ceneo-xml/index.js";
import { chatGptProductFeedExporter } from "./chatgpt-product-feed/index.js";
import { ebayInventoryExporter } from "./ebay-inventory/index.js";
import { googleMerchantExporter } from "./google-merchant/index.js";
import { metaCatalogExporter } from "./meta-catalog/index.js";
import { mobileAppExporter } from "./mobile-app/index.js";
import { ozonProductsExporter } from "./ozon-products/index.js";
import { pinterestCatalogExporter } from "./pinterest-catalog/index.js";
import { pinterestItemsBatchExporter } from "./pinterest-items-batch/index.js";
import { telegramCardsExporter } from "./telegram-cards/index.js";
import { tiktokCatalogExporter } from "./tiktok-catalog/index.js";
import type { ChannelExporter } from "./types.js";
import { viberCardsExporter } from "./viber-cards/index.js";
import { websiteExporter } from "./website/index.js";
import { wildberriesCardsExporter } from "./wildberries-cards/index.js";
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
      pinterestItemsBatchExporter,
      amazonListingsExporter,
      allegroOffersExporter,
      yandexMarketExporter,
      ebayInventoryExporter,
      ceneoXmlExporter,
      ozonProductsExporter,
      wildberriesCardsExporter,
      telegramCardsExporter,
      viberCardsExporter,
      tiktokCatalogExporter,
      chatGptProductFeedExporter,
    ] as ChannelExporter[]
  ).map((exporter) => [exporter.code, exporter]),
);
