import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consistencyReport } from "../../src/feeds/consistency.js";
import { artifactsDir, launchBrowser } from "../helpers/browser.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { demoFeedChannels } from "../helpers/demo-feeds.js";

const sku = "NV-CREW-NAVY-S";

/** The few browser globals the page functions below use (the project compiles without the DOM library). */
interface BrowserGlobals {
  document: { addEventListener(type: "securitypolicyviolation", listener: (event: { violatedDirective: string; blockedURI: string }) => void): void };
  getComputedStyle(element: unknown): { display: string; outlineStyle: string };
}
type LoadedImage = { complete: boolean; naturalWidth: number; getAttribute(name: string): string | null };

let service: TestService;
let browser: Browser;
beforeAll(async () => {
  [service, browser] = await Promise.all([startTestService("preview-page-browser", { seedDemo: true }), launchBrowser()]);
});
afterAll(async () => Promise.all([browser?.close(), service?.stop()]));

describe("the channel preview page in a browser", () => {
  it("shows the product on every channel side by side, with its images, under the strict CSP, and flags an unexplained difference", async () => {
    // A known inconsistency: Google Shopping reads its title from another attribute than every other channel.
    const definitions = await service.catalog.definitions();
    const google = definitions.channels.get("google_shopping");
    if (!google?.export) throw new Error("the demo has no google_shopping feed");
    const { code, labels, locales, currencies, categoryTree } = google;
    const remapped = { ...google.export, fields: { ...google.export.fields, title: { attribute: "short_description" } } };
    await service.catalog.saveChannel({ code, labels, locales, currencies, categoryTree, export: remapped }, "test");
    const report = await consistencyReport(service.catalog, sku);
    const flaggedTitle = report.channels.find((c) => c.channel === "google_shopping")?.fields.find((f) => f.field === "title");
    expect(flaggedTitle).toMatchObject({
      differs: true,
      unexplained: true,
      note: "the channel reads attribute short_description, and the product's own title is name",
    });
    const flaggedInReport = report.channels.flatMap((c) => c.fields.filter((f) => f.unexplained).map((f) => `${c.channel}/${f.field}`)).sort();
    const exported = [...definitions.channels.values()]
      .filter((c) => c.export)
      .map((c) => c.code)
      .sort();
    expect(exported).toEqual(demoFeedChannels);
    // Channels whose items carry no picture of this product (refused by Ozon, photos left to Wildberries' media API) show none.
    const pictured = report.channels.filter((c) => c.fields.some((f) => f.field === "image" && f.channelValue !== null));

    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${service.adminKey}` }, viewport: { width: 1920, height: 1200 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    await page.route(
      (url) => !url.href.startsWith(service.url),
      (route) => {
        problems.push(`left the service for ${route.request().url()}`);
        return route.abort();
      },
    );

    const response = await page.goto(`${service.url}/preview/${sku}`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
    // CSP violations, should any happen, are reported to the page as events as well as to the console.
    const violations = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          (globalThis as unknown as BrowserGlobals).document.addEventListener("securitypolicyviolation", (event) =>
            seen.push(`${event.violatedDirective} ${event.blockedURI}`),
          );
          setTimeout(() => resolve(seen), 200);
        }),
    );
    expect(violations).toEqual([]);

    // One card per channel with an exporter, laid out side by side.
    const cards = page.locator("section.channel");
    expect(await cards.count()).toBe(exported.length);
    expect((await cards.evaluateAll((sections) => sections.map((s) => s.getAttribute("data-channel") ?? ""))).sort()).toEqual(exported);
    const boxes = await cards.evaluateAll((sections) => sections.map((s) => s.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
    for (let i = 1; i < boxes.length; i += 1) {
      expect(boxes[i]?.y).toBe(boxes[0]?.y);
      expect(boxes[i]?.x ?? 0).toBeGreaterThan(boxes[i - 1]?.x ?? 0);
    }
    // The inline stylesheet applied (the CSP allows it): the flagged value is outlined.
    expect(await page.locator("main.channels").evaluate((main) => (globalThis as unknown as BrowserGlobals).getComputedStyle(main).display)).toBe("grid");

    // Every main image is this service's rendition and loaded.
    const images = page.locator("img.main-image");
    expect(await images.count()).toBe(pictured.length);
    await expect.poll(() => images.evaluateAll((all) => all.every((img) => (img as unknown as LoadedImage).complete)), { timeout: 15_000 }).toBe(true);
    const loaded = await images.evaluateAll((all) =>
      all.map((img) => ({ src: img.getAttribute("src") ?? "", width: (img as unknown as LoadedImage).naturalWidth })),
    );
    for (const image of loaded) {
      expect(image.src).toMatch(/^\/media\/[0-9a-f]{64}\/[a-z0-9_-]+(\.jpeg)?$/);
      expect(image.width).toBeGreaterThan(0);
    }

    await page.screenshot({ path: join(artifactsDir, `preview-${sku}.png`), fullPage: true });

    // The page flags exactly what the consistency report flags, and the Google title among them.
    const flagged = await page
      .locator('section.channel [data-flag="unexplained"]')
      .evaluateAll((all) => all.map((el) => `${el.closest("section.channel")?.getAttribute("data-channel") ?? ""}/${el.getAttribute("data-field") ?? ""}`));
    expect(flagged.sort()).toEqual(flaggedInReport);
    const title = page.locator('section[data-channel="google_shopping"] [data-field="title"][data-flag="unexplained"]');
    await expect.poll(() => title.isVisible()).toBe(true);
    expect(await title.innerText()).toContain("Unexplained difference: the channel reads attribute short_description, and the product's own title is name");
    expect(await title.innerText()).toContain("Nordvik Essential Crew Neck T-Shirt");
    expect(await title.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).outlineStyle)).toBe("solid");
    expect(await page.locator('section[data-channel="google_shopping"]').getAttribute("class")).toContain("has-flags");
    expect(await page.locator("[data-flag-list]").innerText()).toContain("Google Shopping: title");
    // Provenance of the mapped fields is on the page.
    const provenance = await page.locator('section[data-channel="google_shopping"] [data-mapped-field="title"]').innerText();
    expect(provenance).toContain("from attribute short_description (en_US, channel google_shopping)");
    expect(provenance).toContain('then rule "Colour in variant titles" (append)');

    await context.close();
    expect(problems).toEqual([]);
  });
});
