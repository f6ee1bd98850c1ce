import { escapeXml, xmlAttributes, xmlElement } from "../shared/text-safety.js";
import type { ChannelCategory, ExportContext } from "../types.js";
import type { YmlOffer, YmlParam } from "./map.js";

/** Category ids Yandex accepts: positive integers. */
const numericId = /^[1-9][0-9]{0,17}$/;

export async function* renderYml(offers: AsyncIterable<YmlOffer>, context: ExportContext): AsyncGenerator<string> {
  const url = String(context.options.url ?? new URL(context.settings.productUrl).origin);
  const name = String(context.options.shopName ?? context.channel);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="${rfc3339(context.generatedAt)}">\n<shop>\n`;
  yield `${xmlElement("name", name)}\n${xmlElement("company", String(context.options.company ?? name))}\n${xmlElement("url", url)}\n`;
  yield `<currencies>\n<currency id="${escapeXml(context.currency)}" rate="1"/>\n</currencies>\n`;
  yield `<categories>\n${categoryElements(context.categories)}</categories>\n<offers>\n`;
  for await (const offer of offers) yield renderOffer(offer);
  yield "</offers>\n</shop>\n</yml_catalog>\n";
}

/** RFC 3339 with an explicit offset, as Yandex Market's feeds are dated. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/**
 * The channel's categories under their Yandex ids, each once; a category whose parent has no id hangs under
 * its nearest ancestor that has one. Unmapped categories are left out (their offers cannot name them).
 */
function categoryElements(categories: ChannelCategory[]): string {
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const written = new Set<string>();
  let xml = "";
  for (const category of categories) {
    const id = category.channelId;
    if (!id || !numericId.test(id) || written.has(id)) continue;
    written.add(id);
    let parent = category.parent ? byCode.get(category.parent) : undefined;
    while (parent && !(parent.channelId && numericId.test(parent.channelId))) parent = parent.parent ? byCode.get(parent.parent) : undefined;
    const attributes: Record<string, string> = { id };
    if (parent?.channelId) attributes.parentId = parent.channelId;
    xml += `${xmlElement("category", category.label, attributes)}\n`;
  }
  return xml;
}

function renderOffer(offer: YmlOffer): string {
  const { id, available, group_id: groupId, ...elements } = offer;
  let xml = `<offer${xmlAttributes({ id, available: String(available), ...(groupId ? { group_id: groupId } : {}) })}>\n`;
  for (const [name, value] of Object.entries(elements) as Array<[string, string | string[] | YmlParam[]]>) {
    for (const item of Array.isArray(value) ? value : [value]) {
      xml +=
        typeof item === "string"
          ? `  ${xmlElement(name, item)}\n`
          : `  ${xmlElement("param", item.value, { name: item.name, ...(item.unit ? { unit: item.unit } : {}) })}\n`;
    }
  }
  return `${xml}</offer>\n`;
}
