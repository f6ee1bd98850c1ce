import { it } from "vitest";
import { sanitizeRichText } from "../../src/catalog/values/rich-text.js";
import { convertMeasurement } from "../../src/catalog/values/measurements.js";
it("scratch", () => {
  const inputs = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="ftp://x.org/">x</a>',
    '<p onclick="x()">a</p>',
    '<p>a<script>alert(1)</script></p>',
    '<p>a<br>b</p>',
    '<p>a<br/>b</p>',
    '<a href=https://example.com/a?x=1&amp;y=2>link</a>',
    '<p>Tom &amp; Jerry &lt;3</p>',
    '<p>Tom & Jerry</p>',
    '<ul><li>one</li><li>two</li></ul><p><strong>bold</strong></p>',
    '<p>a<!-- c --></p>',
    '<img src=x onerror="steal()">',
    '<p class="x">a</p>',
    '<a href="//evil.com">x</a>',
    '<a href="data:text/html,abc">x</a>',
    '<a href="vbscript:x">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="https://example.com" title=\'t\'>x</a>',
    '<p>unclosed',
    '<P>Upper</P>',
    '<a href="javascript:alert(1)" title="t">x</a>',
  ];
  for (const i of inputs) console.log(JSON.stringify(i), "=>", JSON.stringify(sanitizeRichText(i)));
  const convs: Array<[string, any, string, string, number?]> = [
    ["1","weight","POUND","KILOGRAM"],["2.54","length","CENTIMETER","INCH"],["1500","volume","MILLILITER","LITER"],
    ["-3","weight","POUND","KILOGRAM"],["1","weight","OUNCE","GRAM"],["1","weight","OUNCE","GRAM",2],["1","weight","KILOGRAM","POUND"],
    ["1","weight","KILOGRAM","POUND",2],["-1","weight","KILOGRAM","POUND",2],["0.0005","weight","KILOGRAM","KILOGRAM",3],["-0.0005","weight","KILOGRAM","KILOGRAM",3],
    ["0.0000001","weight","OUNCE","POUND",10],["0.0000001","weight","OUNCE","POUND",12],["1","weight","POUND","OUNCE"],["1","length","FOOT","INCH"],["2.5","weight","KILOGRAM","GRAM",0],
    ["-0.0000001","weight","KILOGRAM","KILOGRAM"],["1","volume","CUBIC_METER","MILLILITER"],["0.1234567","weight","KILOGRAM","KILOGRAM",20],
  ];
  for (const c of convs) { try { console.log(c.join(" "), "=>", convertMeasurement(c[0], c[1], c[2], c[3], c[4])); } catch (e) { console.log(c.join(" "), "THROWS", String(e)); } }
  for (const bad of ["1e3", "1,5", "", " 1", "+1", ".5", "1.", "abc"]) { try { console.log(JSON.stringify(bad), convertMeasurement(bad, "weight", "GRAM", "KILOGRAM")); } catch (e) { console.log(JSON.stringify(bad), "THROWS", String(e)); } }
  for (const u of [["GRAM","METER"],["STONE","GRAM"],["GRAM","toString"]]) { try { console.log(u, convertMeasurement("1","weight",u[0]!,u[1]!)); } catch (e) { console.log(u, "THROWS", String(e)); } }
});
