import sanitizeHtml from "sanitize-html";
import { cleanText } from "../shared/text-safety.js";

/**
 * Allegro's description HTML (allegro/allegro-api#5872, #10073, #10725, #11286): top-level blocks `h1 h2 p ul ol`,
 * only `b` inside a heading, paragraph or list item, only `li` inside a list, no attributes, nothing nested
 * deeper. `<strong>` is rejected, so it becomes `<b>`; deeper headings become `h2`.
 */
const allowedTags = ["h1", "h2", "p", "ul", "ol", "li", "b"];
const renamed: Record<string, string> = { strong: "b", h3: "h2", h4: "h2", h5: "h2", h6: "h2", div: "p" };
const tag = /<(\/?)(h1|h2|p|ul|ol|li|b)>/g;

type Block = "h1" | "h2" | "p" | "ul" | "ol";

/**
 * Any HTML as Allegro's flat description blocks, each a complete top-level element. Nested lists are
 * flattened into their outer list, text outside a block becomes a paragraph, and a paragraph inside a list
 * item is read as part of the item.
 */
export function allegroDescriptionBlocks(html: string): string[] {
  const reduced = sanitizeHtml(html.replace(/<br\s*\/?>/gi, " "), {
    allowedTags,
    allowedAttributes: {},
    disallowedTagsMode: "discard",
    transformTags: renamed,
  });
  return new Flattener().run(cleanText(reduced));
}

class Flattener {
  private blocks: string[] = [];
  private block: Block | null = null;
  private content = "";
  private inItem = false;
  private bold = false;
  private listDepth = 0;

  run(html: string): string[] {
    let at = 0;
    for (const match of html.matchAll(tag)) {
      this.text(html.slice(at, match.index));
      at = match.index + match[0].length;
      if (match[1]) this.close(match[2] as string);
      else this.open(match[2] as string);
    }
    this.text(html.slice(at));
    this.endBlock();
    return this.blocks;
  }

  private text(text: string): void {
    if (text.trim() === "") {
      if (this.inItem || (this.block && !this.inList())) this.content += text;
      return;
    }
    this.ensureTextContainer();
    this.content += text;
  }

  private inList(): boolean {
    return this.block === "ul" || this.block === "ol";
  }

  private ensureTextContainer(): void {
    if (this.inList()) {
      if (!this.inItem) this.startItem();
      return;
    }
    if (!this.block) this.startBlock("p");
  }

  private open(name: string): void {
    switch (name) {
      case "b":
        if (this.bold) return;
        this.ensureTextContainer();
        this.content += "<b>";
        this.bold = true;
        return;
      case "li":
        if (!this.inList()) this.startBlock("ul");
        this.startItem();
        return;
      case "ul":
      case "ol":
        if (this.inList()) {
          this.endItem();
          this.listDepth += 1;
          return;
        }
        this.startBlock(name);
        this.listDepth = 1;
        return;
      default:
        if (this.inItem) return;
        this.startBlock(name as Block);
    }
  }

  private close(name: string): void {
    switch (name) {
      case "b":
        this.endBold();
        return;
      case "li":
        this.endItem();
        return;
      case "ul":
      case "ol":
        if (!this.inList()) return;
        this.endItem();
        this.listDepth -= 1;
        if (this.listDepth <= 0) this.endBlock();
        return;
      default:
        if (!this.inItem && this.block === name) this.endBlock();
    }
  }

  private startBlock(block: Block): void {
    this.endBlock();
    this.block = block;
    this.content = "";
  }

  private startItem(): void {
    this.endItem();
    this.content += "<li>";
    this.inItem = true;
  }

  private endBold(): void {
    if (!this.bold) return;
    this.content = this.content.endsWith("<b>") ? this.content.slice(0, -3) : `${this.content}</b>`;
    this.bold = false;
  }

  private endItem(): void {
    if (!this.inItem) return;
    this.endBold();
    const start = this.content.lastIndexOf("<li>");
    const item = this.content.slice(start + 4).trim();
    this.content = item ? `${this.content.slice(0, start)}<li>${item}</li>` : this.content.slice(0, start);
    this.inItem = false;
  }

  private endBlock(): void {
    if (!this.block) return;
    this.endItem();
    this.endBold();
    const content = this.content.trim();
    if (content) this.blocks.push(`<${this.block}>${content}</${this.block}>`);
    this.block = null;
    this.content = "";
    this.listDepth = 0;
  }
}
