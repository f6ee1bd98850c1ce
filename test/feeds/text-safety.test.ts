import { describe, expect, it } from "vitest";
import { XMLValidator } from "fast-xml-parser";
import { allowedHtml, asciiUrl, cleanText, escapeXml, plainText, spreadsheetSafe, truncateAtWord } from "../../channel-exporters/shared/text-safety.js";

const everyControl = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");

describe("text made safe for each format", () => {
  it("keeps only XML 1.0 characters: tab, LF and CR survive; other controls, lone surrogates and U+FFFE/FFFF go", () => {
    expect(cleanText(`a${everyControl}b\uD800c\uDFFFd\uFFFEe\uFFFF😀`)).toBe("a\t\n\rbcde😀");
  });

  it("escapes markup so any text fits in an element or attribute of a well-formed document", () => {
    const hostile = `${everyControl}]]><script>alert("x")</script>&amp; 'q' \uD800`;
    const xml = `<a title="${escapeXml(hostile)}">${escapeXml(hostile)}</a>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain("<script");
  });

  it("guards spreadsheet cells that would start a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(spreadsheetSafe(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(spreadsheetSafe("\u0000=cmd")).toBe("'=cmd");
    expect(spreadsheetSafe("Plain 1+1")).toBe("Plain 1+1");
  });

  it("turns HTML into plain text with line breaks at block ends and entities decoded", () => {
    expect(plainText("<p>Soft &amp; warm</p><ul><li>100% wool</li><li>Grey</li></ul><script>x()</script>")).toBe("Soft & warm\n100% wool\nGrey");
  });

  it("reduces HTML to a channel's tags without attributes", () => {
    expect(allowedHtml('<p class="x">A <strong>bold</strong> <a href="javascript:x">link</a></p><img src=x onerror=y>', ["p", "b"])).toBe("<p>A bold link</p>");
  });

  it("truncates at a word boundary, never inside a surrogate pair, without trailing punctuation", () => {
    expect(truncateAtWord("Linen Wrap Midi Dress, Blue", 23)).toBe("Linen Wrap Midi Dress");
    expect(truncateAtWord("Short", 10)).toBe("Short");
    expect(truncateAtWord("x".repeat(30), 10)).toBe("x".repeat(10));
    expect(truncateAtWord(`${"a".repeat(9)}😀😀`, 10)).toBe("a".repeat(9));
  });

  it("writes URLs in ASCII", () => {
    expect(asciiUrl("https://shop.example.com/ru/p/футболка")).toBe("https://shop.example.com/ru/p/%D1%84%D1%83%D1%82%D0%B1%D0%BE%D0%BB%D0%BA%D0%B0");
  });
});
