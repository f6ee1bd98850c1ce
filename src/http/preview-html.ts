import type { ChannelPreview, PreviewImage, PreviewValue, ProductPreview } from "../feeds/product-preview.js";

/**
 * The preview page as plain HTML: no script (the service's Content-Security-Policy allows only its own
 * files) and no resource from elsewhere; the one stylesheet is inline, which helmet's default
 * `style-src 'self' https: 'unsafe-inline'` allows. Every value is product content or settings an
 * editor typed, so every one goes through `escapeHtml`.
 */

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe in element content and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

const styles = `
:root { font: 14px/1.4 system-ui, sans-serif; color: #1d232b; background: #f3f4f6; }
body { margin: 0; padding: 1rem 1.25rem 2rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 0; }
h3 { font-size: .95rem; margin: .75rem 0 .25rem; }
.summary { margin: .25rem 0 .75rem; }
.legend { color: #555; font-size: .85rem; margin: 0 0 1rem; }
.flag-list { margin: 0 0 1rem; padding-left: 1.25rem; }
.channels { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(17rem, 1fr); gap: .75rem; overflow-x: auto; align-items: start; padding-bottom: .5rem; }
.channel { background: #fff; border: 1px solid #d5d9de; border-radius: 8px; padding: .75rem; min-width: 0; }
.channel.has-flags { border: 2px solid #c62828; }
.channel.has-warnings { border: 2px solid #e0a100; }
.channel.has-warnings .badge { background: #b27c00; }
p.missing { color: #666; font-style: italic; font-size: .85rem; }
.meta { color: #5b6470; font-size: .8rem; margin: .15rem 0 .4rem; overflow-wrap: anywhere; }
.status { display: inline-block; font-size: .8rem; font-weight: 600; border-radius: 4px; padding: .1rem .4rem; margin: 0 0 .5rem; }
.status-written { background: #e3f4e6; color: #1b5e20; }
.status-other { background: #fdecea; color: #8e1c1c; }
.badge { display: inline-block; background: #c62828; color: #fff; border-radius: 999px; padding: 0 .5rem; font-size: .75rem; margin-left: .35rem; vertical-align: middle; }
figure { margin: 0 0 .5rem; background: #fafafa; border: 1px solid #eceff1; border-radius: 6px; text-align: center; padding: .35rem; }
figure img { max-width: 100%; height: 12rem; object-fit: contain; display: block; margin: 0 auto; }
figcaption { font-size: .72rem; color: #5b6470; overflow-wrap: anywhere; text-align: left; }
.no-image { height: 12rem; display: flex; align-items: center; justify-content: center; color: #777; }
dl { margin: 0; }
.value { padding: .3rem .35rem; border-radius: 4px; margin-bottom: .2rem; }
.value dt { font-size: .72rem; text-transform: uppercase; letter-spacing: .03em; color: #5b6470; }
.value dd { margin: 0; overflow-wrap: anywhere; }
.value .text { white-space: pre-line; }
.value .missing { color: #888; font-style: italic; }
.flagged { background: #fdecea; outline: 2px solid #c62828; }
.flag { color: #8e1c1c; font-size: .8rem; font-weight: 600; }
.explained { color: #5b6470; font-size: .78rem; }
.sale-window { font-size: .8rem; color: #37474f; }
details.description { margin: .2rem 0; }
summary h3 { display: inline; }
.problems { margin: 0; padding-left: 1.1rem; font-size: .82rem; }
.problem-error { color: #8e1c1c; }
.problem-warning { color: #7a4f01; }
.ok { color: #1b5e20; font-size: .82rem; margin: 0; }
dl.fields { font-size: .76rem; }
dl.fields > div { border-top: 1px solid #eceff1; padding: .2rem .1rem; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
dl.fields .field-value { white-space: pre-line; }
dl.fields summary { cursor: pointer; }
dl.fields .origin { color: #5b6470; }
dl.fields .change { color: #4a3a8a; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${styles}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The start of a long text for a summary line, cut between characters (never inside a surrogate pair). */
function firstCharacters(text: string, count: number): string {
  const characters = Array.from(text);
  return characters.length > count ? `${characters.slice(0, count).join("")}…` : text;
}

const fieldLabels: Record<PreviewValue["field"], string> = {
  title: "Title",
  description: "Description",
  price: "Price",
  salePrice: "Sale price",
  availability: "Availability",
  image: "Main image",
};

/** The report's verdict on a value: a flag for a difference nothing explains, a quiet note for an explained one. */
function verdict(value: PreviewValue): string {
  const catalog = value.catalogText === null ? "no value" : `“${escapeHtml(value.catalogText)}”`;
  const from = value.catalogAttribute ? ` (${escapeHtml(value.catalogAttribute)})` : "";
  if (value.unexplained) {
    const also = value.explanations.length ? `; recorded: ${escapeHtml(value.explanations.join("; "))}` : "";
    return `<dd class="flag">⚠ Unexplained difference: ${escapeHtml(value.note ?? "")}. Catalog${from}: ${catalog}${also}</dd>`;
  }
  if (value.differs) return `<dd class="explained">Differs from the catalog${from}, ${catalog}: ${escapeHtml(value.explanations.join("; "))}</dd>`;
  return "";
}

function valueAttributes(value: PreviewValue, extraClass = ""): string {
  const classes = ["value", extraClass, value.unexplained ? "flagged" : ""].filter(Boolean).join(" ");
  return `class="${classes}" data-field="${value.field}"${value.unexplained ? ' data-flag="unexplained"' : ""}`;
}

function textValue(value: PreviewValue, extra = ""): string {
  const text = value.text === null ? `<dd class="missing">none</dd>` : `<dd class="text">${escapeHtml(value.text)}</dd>`;
  return `<div ${valueAttributes(value)}><dt>${fieldLabels[value.field]}</dt>${text}${extra}${verdict(value)}</div>`;
}

function descriptionValue(value: PreviewValue): string {
  const body =
    value.text === null
      ? `<dd class="missing">none</dd>`
      : `<dd><details class="description"${value.unexplained ? " open" : ""}><summary>${escapeHtml(firstCharacters(value.text, 80))}</summary><div class="text">${escapeHtml(value.text)}</div></details></dd>`;
  return `<div ${valueAttributes(value)}><dt>${fieldLabels.description}</dt>${body}${verdict(value)}</div>`;
}

function imageValue(image: PreviewImage, channel: ChannelPreview): string {
  const picture = image.src
    ? `<img class="main-image" src="${escapeHtml(image.src)}" alt="${escapeHtml(`Main image on ${channel.label}`)}">`
    : `<div class="no-image">${image.url ? "not served by this service" : "no image"}</div>`;
  const caption = image.url ? `<figcaption>${escapeHtml(image.url)}</figcaption>` : "";
  return `<div ${valueAttributes(image, "image")}><figure>${picture}${caption}</figure>${verdict(image)}</div>`;
}

function statusLine(channel: ChannelPreview): string {
  const text: Record<ChannelPreview["status"], string> = {
    written: channel.items > 1 ? `In the feed (${channel.items} items)` : "In the feed",
    excluded: `Left out by rule “${escapeHtml(channel.excludedBy ?? "")}”`,
    disabled: "Not in the feed: the product is disabled",
    rejected: "Not in the feed: rejected by the channel’s checks",
    "no-items": "Not in the feed: the exporter made no item",
    "not-found": "No such product",
  };
  return `<p class="status ${channel.status === "written" ? "status-written" : "status-other"}" data-status="${channel.status}">${text[channel.status]}</p>`;
}

function saleWindow(channel: ChannelPreview): string {
  const parts = [];
  if (channel.saleWindow) parts.push(`from ${escapeHtml(channel.saleWindow.startsAt)} to ${escapeHtml(channel.saleWindow.endsAt)}`);
  if (channel.promotion) parts.push(`promotion ${escapeHtml(channel.promotion)}`);
  return parts.length ? `<dd class="sale-window" data-sale-window>${parts.join(", ")}</dd>` : "";
}

function problems(channel: ChannelPreview): string {
  const rejected = channel.rejectedItems
    ? `<p class="flag" data-flag="rejected-items">${channel.rejectedItems} item${channel.rejectedItems > 1 ? "s" : ""} rejected by the channel’s item check</p>`
    : "";
  if (channel.problems.length === 0) return `<h3>Checks</h3>${rejected}<p class="ok">No problems found</p>`;
  const items = channel.problems.map(
    (p) =>
      `<li class="problem problem-${p.severity}" data-severity="${p.severity}"><strong>${p.severity}</strong> ${escapeHtml(p.field)}: ${escapeHtml(p.reason)}${p.itemId !== p.sku ? ` (item ${escapeHtml(p.itemId)})` : ""}</li>`,
  );
  return `<h3>Checks</h3>${rejected}<ul class="problems">${items.join("")}</ul>`;
}

/** Long values (descriptions, image lists) fold under their first words, so the columns stay comparable. */
function fieldValue(value: string): string {
  if (value.length <= 160) return `<div class="field-value">${escapeHtml(value)}</div>`;
  return `<details><summary>${escapeHtml(firstCharacters(value, 100))}</summary><div class="field-value">${escapeHtml(value)}</div></details>`;
}

function mappedFields(channel: ChannelPreview): string {
  if (channel.fields.length === 0) return "";
  const rows = channel.fields.map(
    (f) =>
      `<div data-mapped-field="${escapeHtml(f.field)}"><dt>${escapeHtml(f.field)}</dt><dd>${fieldValue(f.value)}<div class="origin">from ${escapeHtml(f.origin)}</div>${f.changes.map((c) => `<div class="change">then ${escapeHtml(c)}</div>`).join("")}</dd></div>`,
  );
  return `<details class="mapped" open><summary><h3>Mapped fields (${channel.fields.length})</h3></summary><dl class="fields">${rows.join("")}</dl></details>`;
}

function staleFeed(channel: ChannelPreview): string {
  if (!channel.staleFeed || !channel.feed) return "";
  return `<p class="flag" data-flag="stale-feed">⚠ The served feed is ${channel.feed.behindByEvents} change(s), ${channel.feed.behindBySeconds} s behind the catalog</p>`;
}

/** What a customer sees, where the channel shows the product at all. */
function customerValues(channel: ChannelPreview): string {
  if (channel.status !== "written") {
    return `<p class="missing">Customers see nothing of this product here${channel.fields.length ? "; below is what the channel product would carry" : ""}.</p>`;
  }
  return `${imageValue(channel.image, channel)}
<dl>
${textValue(channel.title)}
${textValue(channel.price)}
${textValue(channel.salePrice, saleWindow(channel))}
${textValue(channel.availability, channel.availabilityDate ? `<dd class="sale-window">from ${escapeHtml(channel.availabilityDate)}</dd>` : "")}
${descriptionValue(channel.description)}
</dl>`;
}

/** Red for what the report flags and what the checks refused; amber for warnings alone. */
function cardClass(channel: ChannelPreview): string {
  if (channel.unexplained || channel.rejectedItems || channel.problems.some((p) => p.severity === "error")) return "channel has-flags";
  return channel.problems.length ? "channel has-warnings" : "channel";
}

function channelCard(channel: ChannelPreview): string {
  const flagged = channel.unexplained + channel.problems.length;
  const badge = flagged ? `<span class="badge" title="unexplained differences and problems">${flagged}</span>` : "";
  const id = `channel-${escapeHtml(channel.channel)}`;
  return `<section class="${cardClass(channel)}" id="${id}" data-channel="${escapeHtml(channel.channel)}" aria-labelledby="${id}-name">
<h2 id="${id}-name">${escapeHtml(channel.label)}${badge}</h2>
<p class="meta">${escapeHtml(channel.channel)} · ${escapeHtml(channel.exporterLabel)} · ${escapeHtml(channel.locale)} · ${escapeHtml(channel.currency)}</p>
${statusLine(channel)}
${staleFeed(channel)}
${customerValues(channel)}
${problems(channel)}
${mappedFields(channel)}
</section>`;
}

function flagSummary(preview: ProductPreview): string {
  const lines = preview.channels.flatMap((c) => {
    const values = [c.title, c.price, c.salePrice, c.availability, c.image, c.description].filter((v) => v.unexplained);
    return [
      ...values.map(
        (v) =>
          `<li><a href="#channel-${escapeHtml(c.channel)}">${escapeHtml(c.label)}</a>: ${fieldLabels[v.field].toLowerCase()} — ${escapeHtml(v.note ?? "")}</li>`,
      ),
      ...(c.staleFeed ? [`<li><a href="#channel-${escapeHtml(c.channel)}">${escapeHtml(c.label)}</a>: the served feed is stale</li>`] : []),
    ];
  });
  return lines.length ? `<ul class="flag-list" data-flag-list>${lines.join("")}</ul>` : "";
}

/** The product on every channel, side by side. */
export function previewHtml(preview: ProductPreview): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const body = `<header>
<h1>${escapeHtml(preview.sku)} on every channel</h1>
<p class="summary">${plural(preview.channels.length, "channel")} · <strong>${plural(preview.unexplained, "unexplained difference")}</strong> · ${plural(preview.problems, "problem")} found by the channels’ checks · priced at ${escapeHtml(preview.generatedAt)}</p>
<p class="legend">What each channel’s feed would carry now, from the same mapping and checks. Values outlined in red differ from the catalog with nothing recorded to explain them (the consistency report’s flags); grey notes explain the differences that are expected (a rule, a channel’s own value, a channel limit, a promotion for some channels).</p>
${flagSummary(preview)}
</header>
<main class="channels">
${preview.channels.map(channelCard).join("\n")}
</main>`;
  return page(`${preview.sku} — channel preview`, body);
}

export function previewNotFoundHtml(sku: string): string {
  return page(
    "No such product — channel preview",
    `<h1>No product ${escapeHtml(sku)}</h1>\n<p>There is no product with this SKU, or this key may not read it.</p>`,
  );
}
