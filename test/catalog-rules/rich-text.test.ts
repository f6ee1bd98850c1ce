import { describe, expect, it } from "vitest";
import { sanitizeRichText } from "../../src/catalog/values/rich-text.js";

describe("sanitizeRichText removes what is unsafe and says so", () => {
  it("removes a script tag together with its content", () => {
    const result = sanitizeRichText('<p>Holds 300 ml.</p><script>alert("x")</script>');
    expect(result).toEqual({ html: "<p>Holds 300 ml.</p>", changed: true });
  });

  it("removes a script tag nested inside allowed markup", () => {
    expect(sanitizeRichText("<p>a<script>steal()</script>b</p>")).toEqual({ html: "<p>ab</p>", changed: true });
  });

  it("removes on* event handlers but keeps the element", () => {
    expect(sanitizeRichText('<p onclick="steal()">Mug</p>')).toEqual({ html: "<p>Mug</p>", changed: true });
    expect(sanitizeRichText('<a href="https://example.com" onmouseover="steal()">shop</a>')).toEqual({
      html: '<a href="https://example.com">shop</a>',
      changed: true,
    });
  });

  it("removes tags outside the allow-list, such as an image with an error handler", () => {
    expect(sanitizeRichText('<p>Mug</p><img src=x onerror="steal()">')).toEqual({ html: "<p>Mug</p>", changed: true });
    expect(sanitizeRichText('<iframe src="https://evil.example"></iframe><p>x</p>')).toEqual({ html: "<p>x</p>", changed: true });
    expect(sanitizeRichText("<style>p { color: red }</style><p>x</p>")).toEqual({ html: "<p>x</p>", changed: true });
  });

  it("removes attributes that are not allowed", () => {
    expect(sanitizeRichText('<p class="lead" style="color:red">Mug</p>')).toEqual({ html: "<p>Mug</p>", changed: true });
  });

  it("removes link schemes other than http, https and mailto", () => {
    expect(sanitizeRichText('<a href="ftp://example.com/manual.pdf">manual</a>')).toEqual({ html: "<a>manual</a>", changed: true });
  });

  it("never lets a javascript: URL through", () => {
    for (const href of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java&#x09;script:alert(1)"]) {
      const { html } = sanitizeRichText(`<a href="${href}">x</a>`);
      expect(html, href).toBe("<a>x</a>");
    }
  });

  it("reports the removal of a javascript: URL as a change", () => {
    expect(sanitizeRichText('<a href="javascript:alert(1)">x</a>').changed).toBe(true);
  });
});

describe("sanitizeRichText keeps allowed markup untouched", () => {
  it("keeps paragraphs, lists, emphasis and https links", () => {
    const html =
      '<p>Stoneware <strong>mug</strong> for <em>tea</em>.</p><ul><li>300 ml</li><li>dishwasher safe</li></ul><p><a href="https://example.com/care">Care</a></p>';
    expect(sanitizeRichText(html)).toEqual({ html, changed: false });
  });

  it("keeps headings, tables, mailto links and a link title", () => {
    const html =
      '<h2>Sizes</h2><table><thead><tr><th>Size</th></tr></thead><tbody><tr><td>S</td></tr></tbody></table><a href="mailto:care@example.com" title="Write to us">mail</a>';
    expect(sanitizeRichText(html)).toEqual({ html, changed: false });
  });

  it("keeps plain text as it is", () => {
    expect(sanitizeRichText("Just a mug")).toEqual({ html: "Just a mug", changed: false });
    expect(sanitizeRichText("")).toEqual({ html: "", changed: false });
  });

  it("does not count <br> versus <br/> as a change", () => {
    expect(sanitizeRichText("<p>a<br>b</p>")).toEqual({ html: "<p>a<br />b</p>", changed: false });
    expect(sanitizeRichText("<p>a<br/>b</p>")).toEqual({ html: "<p>a<br />b</p>", changed: false });
  });

  it("does not count unquoted or single-quoted attributes as a change", () => {
    expect(sanitizeRichText("<a href=https://example.com/a>link</a>")).toEqual({ html: '<a href="https://example.com/a">link</a>', changed: false });
    expect(sanitizeRichText("<a href='https://example.com/a' title='t'>link</a>")).toEqual({
      html: '<a href="https://example.com/a" title="t">link</a>',
      changed: false,
    });
  });

  it("does not count entities or bare ampersands as a change", () => {
    expect(sanitizeRichText("<p>Tom &amp; Jerry &lt;3</p>")).toEqual({ html: "<p>Tom &amp; Jerry &lt;3</p>", changed: false });
    expect(sanitizeRichText("<p>Tom & Jerry</p>")).toEqual({ html: "<p>Tom &amp; Jerry</p>", changed: false });
    expect(sanitizeRichText('<a href="https://example.com/?a=1&amp;b=2">x</a>')).toEqual({
      html: '<a href="https://example.com/?a=1&amp;b=2">x</a>',
      changed: false,
    });
  });

  it("does not count closing an unclosed tag or lower-casing a tag name as a change", () => {
    expect(sanitizeRichText("<p>unclosed")).toEqual({ html: "<p>unclosed</p>", changed: false });
    expect(sanitizeRichText("<P>Upper</P>")).toEqual({ html: "<p>Upper</p>", changed: false });
  });
});
