import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { expect } from "vitest";
import type { TestService } from "../helpers/test-service.js";

export const jobFields = `id kind status fileName format dryRun mapping delimiter encoding rowsTotal rowsDone rowsPerSecond etaSeconds error cancelRequested downloadPath
  counts { rowsRead created updated unchanged rejected warnings }
  report { rowsRead created updated unchanged rejected warnings dryRun cancelled durationMs detailsTruncated
    problems { row sku column message } warningDetails { row sku column message } }`;

export interface RowProblem {
  row: number;
  sku: string;
  column: string | null;
  message: string;
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  format: string;
  delimiter: string | null;
  encoding: string | null;
  rowsTotal: number | null;
  rowsDone: number;
  error: string | null;
  downloadPath: string;
  counts: { rowsRead: number; created: number; updated: number; unchanged: number; rejected: number; warnings: number };
  report: null | {
    rowsRead: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    warnings: number;
    dryRun: boolean;
    cancelled: boolean;
    durationMs: number;
    problems: RowProblem[];
    warningDetails: RowProblem[];
  };
}

/** Uploads a file to POST /imports as the raw body and returns the started job. */
export async function uploadImport(service: TestService, path: string, options: Record<string, string> = {}): Promise<Job> {
  const query = new URLSearchParams({ fileName: basename(path), ...options });
  const response = await service.request(`/imports?${query}`, { method: "POST", body: await readFile(path) });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return waitForJob(service, body.id);
}

export async function waitForJob(service: TestService, id: string): Promise<Job> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { data, errors } = await service.gql<{ bulkJob: Job }>(`query($id: ID!) { bulkJob(id: $id) { ${jobFields} } }`, { id });
    expect(errors).toBeUndefined();
    if (!["QUEUED", "RUNNING"].includes(data.bulkJob.status)) return data.bulkJob;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

export interface ProductView {
  sku: string;
  familyCode: string | null;
  parentCode: string | null;
  categoryCodes: string[];
  enabled: boolean;
  version: number;
  /** The product's own values as "attribute[-locale][-channel]" → data. */
  values: Record<string, unknown>;
}

/** A product as the GraphQL API shows it, with its own (not inherited) values keyed like flat-layout columns. */
export async function getProduct(service: TestService, sku: string): Promise<ProductView | null> {
  const { data, errors } = await service.gql<{
    product:
      | (Omit<ProductView, "values"> & { values: Array<{ attribute: string; locale: string | null; channel: string | null; data: unknown; source: string }> })
      | null;
  }>(
    `query($sku: String!) { product(sku: $sku) { sku familyCode parentCode categoryCodes enabled version values { attribute locale channel data source } } }`,
    { sku },
  );
  expect(errors).toBeUndefined();
  if (!data.product) return null;
  const values: Record<string, unknown> = {};
  for (const value of data.product.values) {
    if (value.source !== sku) continue;
    values[[value.attribute, value.locale, value.channel].filter(Boolean).join("-")] = value.data;
  }
  return { ...data.product, values };
}
