import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-variant-axes", { seedDemo: true });
});
afterAll(async () => service?.stop());

const phones = ["VOL-X5-256-BLK", "VOL-X5-256-SLV", "VOL-X5-256-BLU"];
const preview = `query($input: FamilyVariantInput!) { previewFamilyVariantChange(input: $input) {
  applicable membersToRekey levels { level axesBefore axesAfter members }
  missingAxisValues { kind code axes } duplicateCombinations { parent axisValues members } } }`;
const save = `mutation($input: FamilyVariantInput!) { saveFamilyVariant(input: $input) { code levels { axes } } }`;
const phoneVariant = (axes: string[]) => ({
  input: { code: "phone_color", family: "electronics", levels: [{ axes, attributes: ["color", "condition", "sku", "ean", "mpn", "images"] }] },
});

interface Report {
  applicable: boolean;
  membersToRekey: number;
  missingAxisValues: Array<{ kind: string; code: string; axes: string[] }>;
  duplicateCombinations: Array<{ parent: string; axisValues: string; members: string[] }>;
}

describe("changing a family variant's axes", () => {
  it("reports variants that lack a value for a new axis, and refuses to save the change", async () => {
    const { data } = await service.gql<{ previewFamilyVariantChange: Report }>(preview, phoneVariant(["color", "condition"]));
    expect(data.previewFamilyVariantChange.applicable).toBe(false);
    expect(data.previewFamilyVariantChange.missingAxisValues.map((m) => m.code).sort()).toEqual([...phones].sort());
    const refused = await service.gql(save, phoneVariant(["color", "condition"]));
    expect(refused.errors?.[0]?.message).toMatch(/product VOL-X5-256-\w+ has no value for new axis condition/);
    const { data: unchanged } = await service.gql<{ familyVariants: Array<{ levels: Array<{ axes: string[] }> }> }>(
      `{ familyVariants(family: "electronics") { levels { axes } } }`,
    );
    expect(unchanged.familyVariants[0]?.levels[0]?.axes).toEqual(["color"]);
  });

  it("reports siblings the new axes could not tell apart", async () => {
    // condition becomes a variant-level attribute first, so the variants may hold its values.
    const moved = await service.gql(save, phoneVariant(["color"]));
    expect(moved.errors).toBeUndefined();
    for (const sku of phones) {
      const set = await service.gql(
        `mutation($sku: String!) { updateProduct(sku: $sku, changes: { setValues: [{ attribute: "condition", data: "new" }] }) { status } }`,
        { sku },
      );
      expect(set.errors).toBeUndefined();
    }
    const { data } = await service.gql<{ previewFamilyVariantChange: Report }>(preview, phoneVariant(["condition"]));
    expect(data.previewFamilyVariantChange).toMatchObject({ applicable: false, missingAxisValues: [] });
    expect(data.previewFamilyVariantChange.duplicateCombinations).toEqual([
      { parent: "phone_voltra_x5", axisValues: 'condition="new"', members: expect.arrayContaining(phones) },
    ]);
  });

  it("applies an applicable change and enforces the new combinations from then on", async () => {
    const { data } = await service.gql<{ previewFamilyVariantChange: Report }>(preview, phoneVariant(["color", "condition"]));
    expect(data.previewFamilyVariantChange).toMatchObject({ applicable: true, membersToRekey: 3, missingAxisValues: [], duplicateCombinations: [] });
    const saved = await service.gql(save, phoneVariant(["color", "condition"]));
    expect(saved.errors).toBeUndefined();

    const { data: black } = await service.gql<{ product: { value: { data: string } } }>(
      `{ product(sku: "VOL-X5-256-BLK") { value(attribute: "color") { data } } }`,
    );
    const create = `mutation($input: ProductInput!) { createProduct(input: $input) { product { sku } } }`;
    const twin = await service.gql(create, {
      input: {
        sku: "VOL-X5-256-BLK-NEW",
        parent: "phone_voltra_x5",
        values: [
          { attribute: "color", data: black.product.value.data },
          { attribute: "condition", data: "new" },
        ],
      },
    });
    expect(twin.errors?.[0]?.extensions?.problems).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining("is already used by VOL-X5-256-BLK") }),
    );
    const refurbished = await service.gql(create, {
      input: {
        sku: "VOL-X5-256-BLK-REF",
        parent: "phone_voltra_x5",
        values: [
          { attribute: "color", data: black.product.value.data },
          { attribute: "condition", data: "refurbished" },
        ],
      },
    });
    expect(refurbished.errors).toBeUndefined();
  });
});
