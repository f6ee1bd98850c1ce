import { fitHtml } from "../shared/html-fit.js";
import type { MapContext } from "../types.js";

/** Tags Yandex Market shows in a description, and its length limit (partner API OfferDescription.yaml). */
const yandexTags = ["h1", "h2", "h3", "h4", "h5", "h6", "br", "p", "ol", "ul", "li", "div"];
export const maxDescriptionLength = 6000;

/** The description in Yandex's HTML subset, within its limit. */
export function yandexDescription(context: MapContext, html: string): string | null {
  return fitHtml(context, "description", html, yandexTags, maxDescriptionLength);
}
