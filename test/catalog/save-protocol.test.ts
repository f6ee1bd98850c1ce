import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HistoryRecorder, type HistoryEntry } from "../../src/catalog/history/history.js";
import { registerCatalogModels, type CatalogModels } from "../../src/catalog/models.js";
import { saveWithProtocol, type SaveItem } from "../../src/catalog/products/save-protocol.js";
import { testDatabaseUri } from "../helpers/test-database.js";

let connection: Connection;
let models: CatalogModels;
let context: { models: CatalogModels; history: HistoryRecorder };

beforeAll(async () => {
  connection = await mongoose.createConnection(testDatabaseUri("save-protocol")).asPromise();
  models = registerCatalogModels(connection);
  context = { models, history: new HistoryRecorder(models) };
});

afterAll(async () => {
  await connection?.close();
});

function item(key: number, kind: SaveItem["kind"], code: string, claims: string[], previousClaims: string[] = [], at = new Date()): SaveItem {
  const history: HistoryEntry = {
    _id: `${kind}:${code}:0:1`,
    entityType: kind,
    entityId: code,
    version: 1,
    author: "test",
    at,
    action: "create",
    changes: [{ path: "code", before: null, after: code }] as never,
    snapshot: {} as never,
  };
  return { key, kind, code, claims, previousClaims, history };
}

const claimsHeld = async () => (await models.uniqueValues.find().sort({ _id: 1 }).lean()).map((claim) => `${claim._id}=${claim.owner}`);
const reservations = async (code: string) => (await models.history.find({ entityId: code }).lean()).map((entry) => entry._id);

describe("the save protocol products and models share", () => {
  it("gives back what a write that throws took (new claims, the reserved version) and keeps the claims the stored state holds", async () => {
    await models.uniqueValues.create({ _id: 'unique:ean:"1"', owner: "P-1" });
    const saving = item(0, "product", "P-1", ['unique:ean:"2"'], ['unique:ean:"1"']);
    await expect(saveWithProtocol([saving], async () => Promise.reject(new Error("the database went away")), context)).rejects.toThrow(
      "the database went away",
    );
    expect(await claimsHeld()).toEqual(['unique:ean:"1"=P-1']);
    expect(await reservations("P-1")).toEqual([]);
  });

  it("settles a claim two items of a batch want for the first, keeps a model's claims apart from a product's, and swaps old claims for new on success", async () => {
    const written: string[] = [];
    const failures = await saveWithProtocol(
      [
        item(0, "product", "V-RED", ["axes:root:red"], ["axes:root:old"]),
        item(1, "product", "V-RED-2", ["axes:root:red"]),
        item(2, "product_model", "V-RED", ["axes:root2:red"]),
      ],
      async (writing) => {
        written.push(...writing.map((w) => `${w.kind}:${w.code}`));
        return new Map();
      },
      context,
    );
    expect([...failures.keys()]).toEqual([1]);
    expect(failures.get(1)).toMatchObject({ code: "BAD_USER_INPUT", problems: [{ message: "axis values red is already used by V-RED" }] });
    expect(written).toEqual(["product:V-RED", "product_model:V-RED"]);
    expect(await claimsHeld()).toEqual(expect.arrayContaining(["axes:root:red=V-RED", "axes:root2:red=model:V-RED"]));
    expect(await claimsHeld()).not.toContain("axes:root:old=V-RED");
  });

  it("answers CONFLICT when another writer holds the version, and drops a reservation a crashed writer left long ago so the retry goes through", async () => {
    const live = item(0, "product_model", "M-LIVE", []);
    await models.history.create({ ...live.history, author: "someone else" });
    const conflict = await saveWithProtocol([live], async () => new Map(), context);
    expect(conflict.get(0)).toMatchObject({ code: "CONFLICT" });
    expect(await reservations("M-LIVE")).toHaveLength(1);

    const crashed = item(0, "product_model", "M-CRASHED", []);
    await models.history.create({ ...crashed.history, at: new Date(Date.now() - 60_000) });
    expect((await saveWithProtocol([crashed], async () => new Map(), context)).get(0)).toMatchObject({ code: "CONFLICT" });
    expect(await reservations("M-CRASHED")).toEqual([]);
    expect((await saveWithProtocol([item(0, "product_model", "M-CRASHED", [])], async () => new Map(), context)).size).toBe(0);
    expect(await reservations("M-CRASHED")).toHaveLength(1);
  });
});
