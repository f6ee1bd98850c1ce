import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressProblem, targetProblem } from "../../src/protection/outbound-address.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { deliveriesOf, minimalCatalog, setStock } from "./fixtures.js";
import { eventually } from "../helpers/eventually.js";
import { TestReceiver } from "./receiver.js";

describe("which addresses a webhook may target", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "2002:7f00:1::1",
  ])("refuses %s", (address) => {
    expect(addressProblem(address)).toMatch(new RegExp(`^${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is an? \\w+ address, not a public one$`));
  });

  it.each(["8.8.8.8", "93.184.216.34", "2001:4860:4860::8888"])("accepts the public address %s", (address) => {
    expect(addressProblem(address)).toBeNull();
  });

  it.each([
    ["http://127.0.0.1:8080/hook", /127\.0\.0\.1 is a loopback address/],
    ["http://[::1]/hook", /::1 is a loopback address/],
    ["http://[::ffff:169.254.169.254]/latest/meta-data", /::ffff:a9fe:a9fe is a linkLocal address/],
    ["http://2130706433/hook", /127\.0\.0\.1 is a loopback address/],
    ["http://0x7f.1/hook", /127\.0\.0\.1 is a loopback address/],
    ["http://localhost:4000/graphql", /localhost is this machine/],
    ["http://admin.localhost/", /admin\.localhost is this machine/],
  ])("refuses %s when saved", async (url, reason) => {
    expect(await targetProblem(url)).toMatch(reason);
  });
});

describe("webhook targets through the API, with private targets not allowed", () => {
  let service: TestService;
  let receiver: TestReceiver;
  beforeAll(async () => {
    service = await startTestService("webhook-targets", {
      webhooks: { allowPrivateTargets: false, pollIntervalMs: 100, retryBaseDelayMs: 10, maxAttempts: 2 },
    });
    await minimalCatalog(service, ["SSRF-A"]);
    receiver = await new TestReceiver().start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await service?.stop();
  });

  it("refuses to save a subscription to a loopback, private or link-local address, naming the url", async () => {
    for (const url of [receiver.url, "http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost/hook", "http://[fd00::1]/hook"]) {
      const answer = await service.gql(`mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["offer.*"] }) { secret } }`, {
        url,
      });
      expect(answer.errors?.[0]?.extensions, url).toMatchObject({
        code: "BAD_USER_INPUT",
        problems: [expect.objectContaining({ path: ["url"], message: expect.stringMatching(/^url .*(address, not a public one|is this machine)/) })],
      });
    }
    expect((await service.gql<{ webhookSubscriptions: unknown[] }>("{ webhookSubscriptions { id } }")).data.webhookSubscriptions).toEqual([]);
  });

  it("checks again where each delivery connects, by address and after resolving a name, so a subscription stored before (or a name re-pointed since) reaches no private address", async () => {
    // As if saved by an instance that allowed private targets, or before its name resolved to one.
    const targets = [
      { id: "by-address", url: receiver.url, refusal: /^refused: 127\.0\.0\.1 is a loopback address, not a public one$/ },
      {
        id: "by-name",
        url: receiver.url.replace("127.0.0.1", "localhost"),
        refusal: /refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address, not a public one$/,
      },
    ];
    for (const { id, url } of targets) {
      await service.webhooks.store.subscriptions.insertOne({
        _id: id,
        url,
        secret: "whsec_test",
        eventTypes: ["offer.*"],
        channels: [],
        active: true,
        cursor: await service.catalog.changeLog.safeSequence(),
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await setStock(service, [{ sku: "SSRF-A", location: "main", onHand: 2 }]);
    for (const { id, refusal } of targets) {
      const [delivery] = await eventually(`a refused delivery attempt to ${id}`, async () => {
        const logged = await deliveriesOf(service, id);
        return logged[0]?.attempts.length ? logged : undefined;
      });
      expect(delivery!.attempts[0]).toMatchObject({ httpStatus: null, error: expect.stringMatching(refusal) });
    }
    expect(receiver.requests).toEqual([]);
  });
});
