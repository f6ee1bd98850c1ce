import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, launchBrowser } from "../helpers/browser.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
let browser: Browser;
beforeAll(async () => {
  [service, browser] = await Promise.all([startTestService("graphql-explorer", { protection: { introspection: true, landingPage: true } }), launchBrowser()]);
});
afterAll(async () => Promise.all([browser?.close(), service?.stop()]));

describe("the GraphQL explorer in a browser", () => {
  it("opens without a key and without internet access, runs under the strict CSP, and answers an operation once the key is in its headers", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && !/401|Unauthorized/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    // Any request leaving the service would need the internet, which this page must not.
    await page.route(
      (url) => !url.href.startsWith(service.url),
      (route) => {
        problems.push(`left the service for ${route.request().url()}`);
        return route.abort();
      },
    );
    await page.goto(`${service.url}/graphql`);
    await page.locator(".graphiql-container").waitFor({ timeout: 30_000 });

    // The key goes into the headers pane, the query into the editor; then the run button.
    await page.getByText("Headers", { exact: true }).click();
    const headers = page.locator(".graphiql-editor-tool .graphiql-editor").last();
    await headers.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(JSON.stringify({ Authorization: `Bearer ${service.adminKey}` }));
    const query = page.locator(".graphiql-query-editor .CodeMirror").first();
    await query.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("{ locales { code } }");
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(async () => page.locator(".graphiql-response").innerText(), { timeout: 15_000 }).toContain('"locales"');
    await page.screenshot({ path: join(artifactsDir, "graphql-explorer.png") });
    expect(problems).toEqual([]);
  });
});
