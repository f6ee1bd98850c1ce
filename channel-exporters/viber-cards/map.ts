import type { ChannelProduct, MapContext } from "../types.js";
import { type CardMarkup, type MessengerCard, mapMessengerCard } from "../shared/messenger-card.js";

/** A card for a Viber bot's picture message: `text` is its caption, `imageUrl` its media, `buttons` a keyboard of open-url buttons. */
export type ViberCard = MessengerCard;

/** A picture message's caption is plain text: no character means markup there. */
const plain: CardMarkup = { text: (text) => text, bold: (text) => text, strike: (text) => text, link: (text) => text };

/**
 * A picture message's caption. Viber's own REST API page has said 120 and later 768 characters; 512 is
 * what Infobip's Viber bot documentation states today (infobip.com/docs/viber/bots/message-types), the
 * smallest current figure, so a card within it is taken under any of them.
 */
const viberCaptionLimit = 512;

/** Viber takes a picture only from a URL whose last segment ends in .jpeg, .png or .gif; the service serves presets under such names too. */
export function mapViberCard(product: ChannelProduct, context: MapContext): ViberCard[] {
  const spec = {
    messenger: "viber",
    name: "Viber",
    maxLength: viberCaptionLimit,
    markup: plain,
    strikethrough: false,
    labelledLinks: false,
    imageExtension: "jpeg",
  } as const;
  return mapMessengerCard(product, context, spec);
}
