import { writeFile } from "node:fs/promises";
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { BulkJob } from "../../bulk/jobs/bulk-jobs.js";
import type { ColumnMapping } from "../../bulk/import/column-mapping.js";
import type { GraphQLContext } from "../context.js";
import { BulkJobKindEnum, BulkJobType, ImportMappingColumnInput, ImportMappingType, StartExportInput, StartImportInput } from "../types/bulk.types.js";
import { exportFilterOf } from "../../bulk/export/export-filter.js";
import type { TableFormat } from "../../bulk/table/table.js";
import { Allow } from "../../auth/roles.js";
import { assertMayImport } from "../../auth/bulk-access.js";
import { assertUnlimited } from "../../auth/read-rights.js";
import { uploadTooLarge } from "../../errors.js";

function toJob(job: BulkJob): BulkJobType {
  const { _id, ...rest } = job;
  return Object.assign(new BulkJobType(), { id: _id, ...rest, downloadPath: job.kind === "import" ? `/imports/${_id}/rejected` : `/exports/${_id}/file` });
}

function toMapping(mapping: ColumnMapping): ImportMappingType {
  return Object.assign(new ImportMappingType(), mapping);
}

/** Import and export jobs and saved column mappings; the work itself lives in src/bulk. */
@Resolver()
export class BulkResolver {
  @Allow("editor")
  @Query(() => BulkJobType, { description: "One import or export job; NOT_FOUND when no job has this id" })
  async bulkJob(@Arg("id", () => ID, { description: "The job's id" }) id: string, @Ctx() { bulk }: GraphQLContext): Promise<BulkJobType> {
    return toJob(await bulk.get(id));
  }

  @Allow("editor")
  @Query(() => [BulkJobType], { description: "Import and export jobs, the newest first" })
  async bulkJobs(
    @Arg("kind", () => BulkJobKindEnum, { nullable: true, description: "Only imports or only exports; omitted or null: both" }) kind: BulkJobKindEnum | null,
    @Arg("first", () => Int, { defaultValue: 20, description: "How many jobs (default 20); kept within 1 to 200" }) first: number,
    @Ctx() { bulk }: GraphQLContext,
  ): Promise<BulkJobType[]> {
    return (await bulk.list(kind ?? null, first)).map(toJob);
  }

  @Allow("editor")
  @Mutation(() => BulkJobType, {
    description:
      "Starts an import job from a small file sent inline; POST /imports takes files up to IMPORT_MAX_UPLOAD_BYTES (256 MiB by default). Kinds other than PRODUCTS and PRODUCT_MODELS need an admin key",
  })
  async startImport(
    @Arg("input", () => StartImportInput, { description: "The file and how to read it" }) input: StartImportInput,
    @Ctx() { bulk, actor, principal }: GraphQLContext,
  ): Promise<BulkJobType> {
    assertMayImport(principal, input.kind);
    const content = Buffer.from(input.contentBase64, "base64");
    if (content.length > bulk.limits.maxUploadBytes) throw uploadTooLarge(bulk.limits.maxUploadBytes);
    const prepared = await bulk.prepareImport({ ...input, actor, principal, mapping: input.mapping ?? null });
    await writeFile(prepared.inputPath, content);
    const job = await bulk.recordImport(prepared);
    await bulk.runInBackground(job._id);
    return toJob(job);
  }

  @Allow("editor")
  @Mutation(() => BulkJobType, {
    description: "Starts an export job; download the file from downloadPath once it has succeeded. Refused to keys limited to locales or category trees",
  })
  async startExport(
    @Arg("input", () => StartExportInput, { description: "The format, the kind and which products" }) input: StartExportInput,
    @Ctx() { bulk, actor, principal }: GraphQLContext,
  ): Promise<BulkJobType> {
    assertUnlimited(principal, "a catalog export");
    const job = await bulk.createExport({
      format: input.format as TableFormat,
      kind: input.kind,
      filter: exportFilterOf(input),
      mediaBaseUrl: input.mediaBaseUrl ?? null,
      actor,
    });
    await bulk.runInBackground(job._id);
    return toJob(job);
  }

  @Allow("editor")
  @Mutation(() => BulkJobType, { description: "Stops the job after its current chunk; what it saved stays saved. A job that has ended is returned unchanged" })
  async cancelBulkJob(@Arg("id", () => ID, { description: "The job's id" }) id: string, @Ctx() { bulk }: GraphQLContext): Promise<BulkJobType> {
    return toJob(await bulk.cancel(id));
  }

  @Allow("editor")
  @Query(() => [ImportMappingType], { description: "The saved column mappings, by name" })
  async importMappings(@Ctx() { bulk }: GraphQLContext): Promise<ImportMappingType[]> {
    return (await bulk.mappings.list()).map(toMapping);
  }

  @Allow("editor")
  @Mutation(() => ImportMappingType, { description: "Creates or replaces a column mapping" })
  async saveImportMapping(
    @Arg("name", () => String, { description: "1 to 100 letters, digits, _, . or -, starting with a letter or digit" }) name: string,
    @Arg("columns", () => [ImportMappingColumnInput], { description: "The columns to rename or drop; the whole mapping" }) columns: ImportMappingColumnInput[],
    @Ctx() { bulk }: GraphQLContext,
  ): Promise<ImportMappingType> {
    return toMapping(
      await bulk.mappings.save(
        name,
        columns.map((c) => ({ source: c.source, target: c.target ?? null })),
      ),
    );
  }

  @Allow("editor")
  @Mutation(() => Boolean, { description: "Deletes a saved column mapping; true if it existed, false if there was none" })
  async deleteImportMapping(@Arg("name", () => String, { description: "The mapping's name" }) name: string, @Ctx() { bulk }: GraphQLContext): Promise<boolean> {
    return bulk.mappings.delete(name);
  }
}
