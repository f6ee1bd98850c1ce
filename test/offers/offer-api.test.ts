import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("offer-api", { seedDemo: true });
  // Products of their own, without the demo's prices and stock, in a category under "apparel".
  const products = Array.from({ length: 9 }, (_, i) => ({ sku: `OT-${i + 1}`, family: "clothing", categories: ["tshirts"] }));
  const created = await service.gql<{ upsertProducts: Array<{ status: string }> }>(
    `mutation($products: [ProductInput!]!) { upsertProducts(products: $products) { status } }`,
    { products },
  );
  expect(created.data.upsertProducts.map((p) => p.status)).toEqual(products.map(() => "CREATED"));
  for (const input of [
    { code: "test_warehouse", type: "WAREHOUSE", labels: { en_US: "Test warehouse" } },
    { code: "test_display", type: "STORE", sellable: false },
  ]) {
    const saved = await service.gql(`mutation($input: StockLocationInput!) { saveStockLocation(input: $input) { code } }`, { input });
    expect(saved.errors).toBeUndefined();
  }
});
afterAll(async () => service?.stop());

interface Report {
  updated: number;
  failed: number;
  results: Array<{ index: number; sku: string; status: string; errors: Array<{ path: string[]; message: string }> }>;
}
interface Offer {
  prices: Array<{ currency: string; amount: string }>;
  stock: Array<{ location: string; onHand: number }>;
  policy: string;
  sellableQuantity: number;
  availability: string;
  availabilityDate: string | null;
}

const reportFields = "updated failed results { index sku status errors { path message } }";
const setStock = (updates: unknown[]) =>
  service.gql<{ setStock: Report }>(`mutation($updates: [StockUpdateInput!]!) { setStock(updates: $updates) { ${reportFields} } }`, { updates });
const setPrices = (updates: unknown[]) =>
  service.gql<{ setPrices: Report }>(`mutation($updates: [PriceUpdateInput!]!) { setPrices(updates: $updates) { ${reportFields} } }`, { updates });

async function offerOf(sku: string): Promise<Offer> {
  const { data, errors } = await service.gql<{ product: { offer: Offer } }>(
    `query($sku: String!) { product(sku: $sku) { offer { prices { currency amount } stock { location onHand } policy sellableQuantity availability availabilityDate } } }`,
    { sku },
  );
  expect(errors).toBeUndefined();
  return data.product.offer;
}

const stockAt = (offer: Offer, location: string) => offer.stock.find((s) => s.location === location)?.onHand;
const priceIn = (offer: Offer, currency: string) => offer.prices.find((p) => p.currency === currency)?.amount;

describe("setStock", () => {
  it("answers per item: refused items name the field and the reason, the others are written", async () => {
    const { data, errors } = await setStock([
      { sku: "OT-1", location: "test_warehouse", onHand: 5 },
      { sku: "NO-SUCH-SKU", location: "test_warehouse", onHand: 1 },
      { sku: "OT-2", location: "atlantis", onHand: 3 },
      { sku: "OT-3", location: "test_warehouse", onHand: -1 },
      { sku: "OT-4", location: "test_warehouse", onHand: 7 },
    ]);
    expect(errors).toBeUndefined();
    expect(data.setStock.updated).toBe(2);
    expect(data.setStock.failed).toBe(3);
    const [navyS, missing, unknownLocation, negative, navyXl] = data.setStock.results;
    expect(navyS).toMatchObject({ index: 0, status: "UPDATED", errors: [] });
    expect(missing).toMatchObject({
      index: 1,
      sku: "NO-SUCH-SKU",
      status: "ERROR",
      errors: [{ path: ["sku"], message: expect.stringContaining("NO-SUCH-SKU") }],
    });
    expect(unknownLocation).toMatchObject({
      index: 2,
      status: "ERROR",
      errors: [{ path: ["location"], message: expect.stringContaining("atlantis does not exist") }],
    });
    expect(negative).toMatchObject({ index: 3, status: "ERROR", errors: [{ path: ["onHand"], message: expect.stringContaining("whole number from 0") }] });
    expect(navyXl).toMatchObject({ index: 4, status: "UPDATED" });

    expect(await offerOf("OT-1")).toMatchObject({ sellableQuantity: 5, availability: "IN_STOCK" });
    expect(stockAt(await offerOf("OT-4"), "test_warehouse")).toBe(7);
    expect(stockAt(await offerOf("OT-2"), "atlantis")).toBeUndefined();
    expect(stockAt(await offerOf("OT-3"), "test_warehouse")).toBeUndefined();
  });

  it("shows a product sold out once its sellable stock is gone; stock in a location that is not sellable does not count", async () => {
    const sold = await setStock([
      { sku: "OT-5", location: "test_warehouse", onHand: 0 },
      { sku: "OT-5", location: "test_display", onHand: 4 },
    ]);
    expect(sold.data.setStock).toMatchObject({ updated: 2, failed: 0 });
    const offer = await offerOf("OT-5");
    expect(offer).toMatchObject({ availability: "OUT_OF_STOCK", sellableQuantity: 0, policy: "NONE", availabilityDate: null });
    expect(offer.stock).toEqual(
      expect.arrayContaining([
        { location: "test_warehouse", onHand: 0 },
        { location: "test_display", onHand: 4 },
      ]),
    );

    const backorder = await setStock([{ sku: "OT-5", policy: "BACKORDER", availabilityDate: "2035-03-01T09:00:00Z" }]);
    expect(backorder.data.setStock.updated).toBe(1);
    expect(await offerOf("OT-5")).toMatchObject({ availability: "BACKORDER", policy: "BACKORDER", availabilityDate: "2035-03-01T09:00:00.000Z" });
  });

  it("refuses a quantity that is not a whole number, storing nothing", async () => {
    const response = await setStock([
      { sku: "OT-6", location: "test_warehouse", onHand: 3 },
      { sku: "OT-7", location: "test_warehouse", onHand: 2.5 },
    ]);
    expect(response.errors?.[0]?.message).toMatch(/onHand.*non-integer value: 2\.5/);
    expect(response.data).toBeUndefined();
    expect(stockAt(await offerOf("OT-6"), "test_warehouse")).toBeUndefined();
  });

  it("refuses more than 10,000 items in one call with one error, storing nothing", async () => {
    const updates = Array.from({ length: 10_001 }, () => ({ sku: "OT-8", location: "test_warehouse", onHand: 9 }));
    const response = await setStock(updates);
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringContaining("At most 10000 updates per call, got 10001"),
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(stockAt(await offerOf("OT-8"), "test_warehouse")).toBeUndefined();
  });
});

describe("setPrices", () => {
  it("stores amounts as strings in the currency's digits and refuses bad amounts and unknown currencies per item", async () => {
    const { data, errors } = await setPrices([
      { sku: "OT-1", currency: "EUR", amount: "19.9" },
      { sku: "OT-1", currency: "GBP", amount: "17.00" },
      { sku: "OT-1", currency: "USD", amount: "-5.00" },
      { sku: "OT-1", currency: "PLN", amount: "1e3" },
      { sku: "OT-1", currency: "RUB", amount: "0" },
      { sku: "NO-SUCH-SKU", currency: "EUR", amount: "10" },
    ]);
    expect(errors).toBeUndefined();
    expect(data.setPrices).toMatchObject({ updated: 1, failed: 5 });
    const problems = data.setPrices.results.map((r) => r.errors[0]);
    expect(problems[1]).toEqual({ path: ["currency"], message: "GBP is not a currency of the catalog" });
    expect(problems[2]).toMatchObject({ path: ["amount"], message: expect.stringContaining('"-5.00"') });
    expect(problems[3]).toMatchObject({ path: ["amount"], message: expect.stringContaining('"1e3"') });
    expect(problems[4]).toEqual({ path: ["amount"], message: "must be above zero" });
    expect(problems[5]).toMatchObject({ path: ["sku"], message: expect.stringContaining("NO-SUCH-SKU") });
    expect((await offerOf("OT-1")).prices).toEqual([{ currency: "EUR", amount: "19.90" }]);
  });

  it("removes a price given null", async () => {
    await setPrices([{ sku: "OT-4", currency: "USD", amount: "25" }]);
    expect(priceIn(await offerOf("OT-4"), "USD")).toBe("25.00");
    const removed = await setPrices([{ sku: "OT-4", currency: "USD", amount: null }]);
    expect(removed.data.setPrices.updated).toBe(1);
    expect(priceIn(await offerOf("OT-4"), "USD")).toBeUndefined();
  });
});

const promotionFields = "code name discount { type percent amounts { currency amount } } target { skus categories families } startsAt endsAt channels enabled";
const savePromotion = (input: Record<string, unknown>) =>
  service.gql<{ savePromotion: Record<string, unknown> }>(`mutation($input: PromotionInput!) { savePromotion(input: $input) { ${promotionFields} } }`, {
    input,
  });
const storedPromotion = async (code: string) =>
  (await service.gql<{ promotion: unknown }>(`query($code: String!) { promotion(code: $code) { code } }`, { code })).data.promotion;

function problemsOf(response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  return response.errors?.[0]?.extensions?.problems as Array<{ path: string[]; message: string }>;
}

const window2035 = { startsAt: "2035-06-01T00:00:00+02:00", endsAt: "2035-07-01T00:00:00+02:00" };

describe("promotions", () => {
  it("refuses a window that ends before it starts", async () => {
    const response = await savePromotion({
      code: "backwards",
      name: "Backwards",
      discount: { type: "PERCENT", percent: "10" },
      target: { skus: ["OT-1"] },
      startsAt: "2035-07-01T00:00:00Z",
      endsAt: "2035-06-01T00:00:00Z",
    });
    expect(problemsOf(response)).toEqual([{ path: ["endsAt"], message: "must be after startsAt (2035-07-01T00:00:00Z)" }]);
    expect(await storedPromotion("backwards")).toBeNull();
  });

  it("refuses a discount over 100 %", async () => {
    const response = await savePromotion({
      code: "too-generous",
      name: "Too generous",
      discount: { type: "PERCENT", percent: "150" },
      target: { families: ["clothing"] },
      ...window2035,
    });
    expect(problemsOf(response)).toEqual([{ path: ["discount", "percent"], message: expect.stringContaining("150 % is over 100 %") }]);
    expect(await storedPromotion("too-generous")).toBeNull();
  });

  it("refuses a fixed discount not below the price of a product it targets, naming the product", async () => {
    await setPrices([{ sku: "OT-2", currency: "EUR", amount: "12.00" }]);
    const response = await savePromotion({
      code: "free-shirt",
      name: "Free shirt",
      discount: { type: "AMOUNT", amounts: [{ currency: "EUR", amount: "15.00" }] },
      target: { skus: ["OT-1", "OT-2"] },
      ...window2035,
    });
    expect(problemsOf(response)).toEqual([{ path: ["discount", "amounts", "0", "amount"], message: "15.00 EUR is not below the price of OT-2 (12.00 EUR)" }]);
    expect(await storedPromotion("free-shirt")).toBeNull();
  });

  it("refuses an unknown currency and a malformed amount in a fixed discount", async () => {
    const fixedDiscount = (currency: string, amount: string) => ({
      code: "pounds-off",
      name: "Pounds off",
      discount: { type: "AMOUNT", amounts: [{ currency, amount }] },
      target: { skus: ["OT-1"] },
      ...window2035,
    });
    expect(problemsOf(await savePromotion(fixedDiscount("GBP", "1.00")))).toEqual([
      { path: ["discount", "amounts", "0", "currency"], message: "GBP is not a currency of the catalog" },
    ]);
    expect(problemsOf(await savePromotion(fixedDiscount("EUR", "-1")))).toContainEqual({
      path: ["discount", "amounts", "0", "amount"],
      message: expect.stringContaining("must be a non-negative decimal amount"),
    });
    expect(await storedPromotion("pounds-off")).toBeNull();
  });

  it("says which field a discount of the given type needs", async () => {
    const response = await savePromotion({
      code: "half",
      name: "Half",
      discount: { type: "PERCENT", amounts: [{ currency: "EUR", amount: "1.00" }] },
      target: { skus: ["OT-1"] },
      ...window2035,
    });
    expect(problemsOf(response)).toEqual([
      { path: ["discount", "percent"], message: "is required when type is PERCENT" },
      { path: ["discount", "amounts"], message: "is only for type AMOUNT" },
    ]);
    expect(await storedPromotion("half")).toBeNull();
  });

  it("saves, lists and deletes a promotion, keeping its window as written", async () => {
    const saved = await savePromotion({
      code: "spring",
      name: "Spring",
      discount: { type: "PERCENT", percent: "12.5" },
      target: { families: ["clothing"] },
      channels: ["ecommerce"],
      ...window2035,
    });
    expect(saved.errors).toBeUndefined();
    expect(saved.data.savePromotion).toEqual({
      code: "spring",
      name: "Spring",
      discount: { type: "PERCENT", percent: "12.5", amounts: [] },
      target: { skus: [], categories: [], families: ["clothing"] },
      startsAt: "2035-06-01T00:00:00+02:00",
      endsAt: "2035-07-01T00:00:00+02:00",
      channels: ["ecommerce"],
      enabled: true,
    });
    const listed = await service.gql<{ promotions: Array<{ code: string }> }>(`{ promotions { code } }`);
    expect(listed.data.promotions.map((p) => p.code)).toContain("spring");
    expect((await service.gql(`mutation { deletePromotion(code: "spring") }`)).data).toEqual({ deletePromotion: true });
    expect(await storedPromotion("spring")).toBeNull();
  });
});

describe("effectivePrice", () => {
  const priceQuery = `query($sku: String!, $at: DateTime, $channel: String) { product(sku: $sku) {
    effectivePrice(currency: "EUR", channel: $channel, at: $at) { currency price salePrice promotion { code name startsAt endsAt channels } }
  } }`;
  const priceAt = async (at: string, channel: string | null = null) => {
    const { data, errors } = await service.gql<{ product: { effectivePrice: Record<string, unknown> | null } }>(priceQuery, { sku: "OT-9", at, channel });
    expect(errors).toBeUndefined();
    return data.product.effectivePrice;
  };

  it("gives the lower price when two promotions overlap, with the window of the one applied", async () => {
    await setPrices([{ sku: "OT-9", currency: "EUR", amount: "19.90" }]);
    const percent = await savePromotion({
      code: "apparel-20",
      name: "Apparel 20 %",
      discount: { type: "PERCENT", percent: "20" },
      target: { categories: ["apparel"] },
      startsAt: "2036-01-01T00:00:00+01:00",
      endsAt: "2036-03-01T00:00:00+01:00",
    });
    expect(percent.errors).toBeUndefined();
    const fixed = await savePromotion({
      code: "black-5-off",
      name: "Five off black",
      discount: { type: "AMOUNT", amounts: [{ currency: "EUR", amount: "5.00" }] },
      target: { skus: ["OT-9"] },
      startsAt: "2036-02-01T00:00:00Z",
      endsAt: "2036-02-15T00:00:00Z",
    });
    expect(fixed.errors).toBeUndefined();

    expect(await priceAt("2035-12-31T12:00:00Z")).toEqual({ currency: "EUR", price: "19.90", salePrice: null, promotion: null });
    // Only the category promotion (on an ancestor of the product's category) is running.
    expect(await priceAt("2036-01-15T00:00:00Z")).toEqual({
      currency: "EUR",
      price: "19.90",
      salePrice: "15.92",
      promotion: { code: "apparel-20", name: "Apparel 20 %", startsAt: "2036-01-01T00:00:00+01:00", endsAt: "2036-03-01T00:00:00+01:00", channels: [] },
    });
    // Both run: 19.90 − 5.00 = 14.90 beats 19.90 × 0.8 = 15.92.
    expect(await priceAt("2036-02-10T00:00:00Z")).toEqual({
      currency: "EUR",
      price: "19.90",
      salePrice: "14.90",
      promotion: { code: "black-5-off", name: "Five off black", startsAt: "2036-02-01T00:00:00Z", endsAt: "2036-02-15T00:00:00Z", channels: [] },
    });
    expect((await priceAt("2036-02-15T00:00:00Z"))?.promotion).toMatchObject({ code: "apparel-20" });
  });

  it("counts a promotion limited to a channel only when that channel is asked for", async () => {
    const saved = await savePromotion({
      code: "mobile-half",
      name: "Half price in the app",
      discount: { type: "PERCENT", percent: "50" },
      target: { skus: ["OT-9"] },
      startsAt: "2036-01-01T00:00:00Z",
      endsAt: "2036-03-01T00:00:00Z",
      channels: ["mobile"],
    });
    expect(saved.errors).toBeUndefined();
    expect((await priceAt("2036-01-15T00:00:00Z"))?.salePrice).toBe("15.92");
    expect(await priceAt("2036-01-15T00:00:00Z", "mobile")).toMatchObject({ salePrice: "9.95", promotion: { code: "mobile-half", channels: ["mobile"] } });
  });

  it("gives the catalog's own price now when neither channel nor time is asked", async () => {
    const { data, errors } = await service.gql<{ product: { effectivePrice: unknown } }>(
      `{ product(sku: "OT-9") { effectivePrice(currency: "EUR") { price salePrice } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.product.effectivePrice).toEqual({ price: "19.90", salePrice: null });
  });

  it("is null without a base price in the currency, and refuses a currency or channel the catalog does not have", async () => {
    const { data, errors } = await service.gql<{ product: { effectivePrice: unknown } }>(
      `{ product(sku: "OT-9") { effectivePrice(currency: "PLN") { price } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.product.effectivePrice).toBeNull();
    const unknownCurrency = await service.gql(`{ product(sku: "OT-9") { effectivePrice(currency: "GBP") { price } } }`);
    expect(problemsOf(unknownCurrency)).toEqual([{ path: ["currency"], message: "GBP is not a currency of the catalog" }]);
    const unknownChannel = await service.gql(`{ product(sku: "OT-9") { effectivePrice(currency: "EUR", channel: "kiosk") { price } } }`);
    expect(problemsOf(unknownChannel)).toEqual([{ path: ["channel"], message: "channel kiosk does not exist" }]);
  });
});

describe("stock locations", () => {
  it("lists them and refuses to delete one that still holds stock", async () => {
    const listed = await service.gql<{ stockLocations: Array<{ code: string; type: string; sellable: boolean; labels: Record<string, string> }> }>(
      `{ stockLocations { code type sellable labels } }`,
    );
    expect(listed.data.stockLocations).toEqual(
      expect.arrayContaining([
        { code: "test_warehouse", type: "WAREHOUSE", sellable: true, labels: { en_US: "Test warehouse" } },
        { code: "test_display", type: "STORE", sellable: false, labels: {} },
      ]),
    );
    const refused = await service.gql(`mutation { deleteStockLocation(code: "test_warehouse") }`);
    expect(refused.errors?.[0]?.message).toMatch(/test_warehouse cannot be deleted: \d+ products have stock there/);

    expect((await service.gql(`mutation { saveStockLocation(input: { code: "test_empty", type: WAREHOUSE }) { code } }`)).errors).toBeUndefined();
    expect((await service.gql(`mutation { deleteStockLocation(code: "test_empty") }`)).data).toEqual({ deleteStockLocation: true });
    const after = await service.gql<{ stockLocations: Array<{ code: string }> }>(`{ stockLocations { code } }`);
    expect(after.data.stockLocations.map((l) => l.code)).not.toContain("test_empty");
  });

  it("refuses a malformed code", async () => {
    const response = await service.gql(`mutation { saveStockLocation(input: { code: "Main Warehouse", type: WAREHOUSE }) { code } }`);
    expect(problemsOf(response)).toEqual([{ path: ["code"], message: expect.stringContaining("code must start with a lowercase letter") }]);
  });
});
