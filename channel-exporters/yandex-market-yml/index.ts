import type { ChannelExporter } from "../types.js";

// PLACEHOLDER until the real exporter lands: replace this whole file.
export const yandexMarketExporter: ChannelExporter<never> = {
  code: "yandex-market-yml",
  label: "yandex-market-yml",
  contentType: "application/octet-stream",
  fileExtension: "txt",
  itemSchema: "google-merchant.item.schema.json",
  itemId: () => "",
  map: () => {
    throw new Error("not implemented yet");
  },
  render: async function* () {},
  customerView: () => null,
};
