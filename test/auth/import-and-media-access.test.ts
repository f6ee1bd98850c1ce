import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createKey } from "./keys-for-roles.js";

let service: TestService;
let editor: string;
let translator: string;
let reader: string;

beforeAll(async () => {
  service = await startTestService("auth-import-media", { seedDemo: true });
  editor = await createKey(service, { name: "catalog editor", role: "EDITOR" });
  translator = await createKey(service, { name: "Polish translator", role: "EDITOR", locales: ["pl_PL"] });
  reader = await createKey(service, { name: "storefront", role: "READER" });
});
afterAll(() => service?.stop());

const categoriesFile = "code,parent,label-en_US\naccess_test_sale,master,Access test sale\n";

function importAs(token: string, kind: string): Promise<Response> {
  return service.requestAs(token, `/imports?kind=${kind}&format=csv`, { method: "POST", headers: { "content-type": "text/csv" }, body: categoriesFile });
}

describe("imports", () => {
  it("are for editors; reference data only for admins", async () => {
    expect((await importAs(reader, "categories")).status).toBe(403);
    const editorReference = await importAs(editor, "categories");
    expect(editorReference.status).toBe(403);
    expect(((await editorReference.json()) as { message: string }).message).toMatch(/importing categories is for admin keys/);
    expect((await importAs(translator, "categories")).status).toBe(403);
    expect((await service.requestAs(null, "/imports?kind=products", { method: "POST", body: "sku\n" })).status).toBe(401);

    const started = await importAs(service.initialAdminKey as string, "categories");
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; actor: string };
    expect(job.actor).toMatch(/^initial admin \(key /);
  });

  it("leave prices and stock to the roles that may set them: an editor's row that would change them is refused, one that repeats them is not", async () => {
    const { data } = await service.gql<{ product: { offer: { prices: Array<{ currency: string; amount: string }> } } }>(
      `{ product(sku: "VOL-X5-256-BLK") { offer { prices { currency amount } } } }`,
    );
    const euro = data.product.offer.prices.find((price) => price.currency === "EUR")?.amount;
    const file = `sku,offer_price-EUR\nVOL-X5-256-BLK,${euro}\nVOL-PB-10K,1.00\n`;
    const started = await service.requestAs(editor, "/imports?format=csv&fileName=prices.csv", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: file,
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; report: { unchanged: number; rejected: number; problems: Array<{ sku: string; message: string }> } } | undefined;
    for (let attempt = 0; attempt < 200 && !["SUCCEEDED", "FAILED"].includes(job?.status ?? ""); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await (await service.requestAs(editor, `/imports/${id}`)).json()) as typeof job;
    }
    expect(job?.report).toMatchObject({
      unchanged: 1,
      rejected: 1,
      problems: [{ sku: "VOL-PB-10K", message: expect.stringMatching(/may not change prices or stock/) }],
    });
  });

  it("over GraphQL refuse reference data to an editor with the reason", async () => {
    const start = `mutation($input: StartImportInput!) { startImport(input: $input) { id } }`;
    const input = { fileName: "categories.csv", kind: "CATEGORIES", contentBase64: Buffer.from(categoriesFile).toString("base64") };
    const refused = await service.gqlAs(editor, start, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(refused.errors?.[0]?.message).toMatch(/importing categories is for admin keys/);
  });
});

describe("media", () => {
  it("uploads need an editor key; originals and renditions are public, as feeds link them", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    expect((await service.requestAs(reader, "/media", { method: "POST", body: png })).status).toBe(403);
    expect((await service.requestAs(null, "/media", { method: "POST", body: png })).status).toBe(401);
    const { data } = await service.gql<{ product: { values: Array<{ data: string[] }> } }>(
      `{ product(sku: "VOL-PB-10K") { values(attributes: ["images"]) { data } } }`,
    );
    const asset = data.product.values[0]?.data[0] as string;
    const original = await service.requestAs(null, `/media/${asset}`);
    expect(original.status).toBe(200);
    expect(original.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect((await service.requestAs(null, `/media/${asset}/thumbnail`)).status).toBe(200);
  });

  it("a translator limited to pl_PL cannot change a product's shared images", async () => {
    const { data } = await service.gql<{ product: { values: Array<{ data: string[] }> } }>(
      `{ product(sku: "VOL-PB-10K") { values(attributes: ["images"]) { data } } }`,
    );
    const assets = data.product.values[0]?.data as string[];
    const detach = `mutation($assets: [ID!]!) { detachProductMedia(target: { sku: "VOL-PB-10K", attribute: "images" }, assets: $assets) { product { version } } }`;
    const refused = await service.gqlAs(translator, detach, { assets });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const after = await service.gql<{ product: { values: Array<{ data: string[] }> } }>(
      `{ product(sku: "VOL-PB-10K") { values(attributes: ["images"]) { data } } }`,
    );
    expect(after.data.product.values[0]?.data).toEqual(assets);
  });
});
