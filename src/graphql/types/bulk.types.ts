import { DateTimeResolver } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum BulkJobKindEnum {
  IMPORT = "import",
  EXPORT = "export",
}
registerEnumType(BulkJobKindEnum, { name: "BulkJobKind" });

export enum BulkJobStatusEnum {
  QUEUED = "queued",
  RUNNING = "running",
  SUCCEEDED = "succeeded",
  FAILED = "failed",
  CANCELLED = "cancelled",
}
registerEnumType(BulkJobStatusEnum, {
  name: "BulkJobStatus",
  valuesConfig: {
    QUEUED: { description: "Waiting for another import that writes products to finish" },
    SUCCEEDED: { description: "Every row was read; rejected rows are in the report and the rejected-rows file" },
    FAILED: { description: "The file could not be read at all (its header, format or encoding); see error" },
    CANCELLED: { description: "Stopped between two chunks; what was saved before stays saved" },
  },
});

export enum TableFormatEnum {
  CSV = "csv",
  XLSX = "xlsx",
  JSONL = "jsonl",
}
registerEnumType(TableFormatEnum, { name: "TableFormat" });

export enum BulkFileKindEnum {
  PRODUCTS = "products",
  PRODUCT_MODELS = "product_models",
  CATEGORIES = "categories",
  ATTRIBUTES = "attributes",
  ATTRIBUTE_OPTIONS = "attribute_options",
  FAMILIES = "families",
}
registerEnumType(BulkFileKindEnum, { name: "BulkFileKind", description: "What a file's rows are; exports write products or product models; docs/import-export.md lists each kind's columns" });

@ObjectType("BulkRowProblem", { description: "One problem of one row: the row number as a spreadsheet shows it (the header is row 1), the column and the reason" })
export class BulkRowProblemType {
  @Field(() => Int) row!: number;
  @Field(() => String) sku!: string;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType("ImportCounts")
export class ImportCountsType {
  @Field(() => Int) rowsRead!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int, { description: "Rows that changed nothing and wrote nothing" }) unchanged!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) warnings!: number;
}

@ObjectType("ImportReport")
export class ImportReportType extends ImportCountsType {
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Boolean) cancelled!: boolean;
  @Field(() => Int) durationMs!: number;
  @Field(() => [BulkRowProblemType], { description: "The problems of the rejected rows (the first 1,000; the rejected-rows file has them all)" }) problems!: BulkRowProblemType[];
  @Field(() => [BulkRowProblemType]) warningDetails!: BulkRowProblemType[];
  @Field(() => Boolean) detailsTruncated!: boolean;
}

@ObjectType("BulkJob", { description: "An import or export running in the background; docs/import-export.md" })
export class BulkJobType {
  @Field(() => ID) id!: string;
  @Field(() => BulkJobKindEnum) kind!: string;
  @Field(() => BulkJobStatusEnum) status!: string;
  @Field(() => String) fileName!: string;
  @Field(() => TableFormatEnum) format!: string;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => BulkFileKindEnum, { nullable: true, description: "What the file's rows are" }) fileKind?: string | null;
  @Field(() => String, { nullable: true }) mapping!: string | null;
  @Field(() => String, { nullable: true, description: "CSV: the delimiter given or detected" }) delimiter!: string | null;
  @Field(() => String, { nullable: true, description: "CSV: the encoding given or detected" }) encoding!: string | null;
  @Field(() => Int, { nullable: true, description: "An estimate from the file size until the job ends; null when unknown (XLSX)" }) rowsTotal!: number | null;
  @Field(() => Int) rowsDone!: number;
  @Field(() => Float, { nullable: true }) rowsPerSecond!: number | null;
  @Field(() => Int, { nullable: true, description: "Estimated seconds left" }) etaSeconds!: number | null;
  @Field(() => ImportCountsType) counts!: ImportCountsType;
  @Field(() => ImportReportType, { nullable: true, description: "Imports, once finished" }) report!: ImportReportType | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Boolean) cancelRequested!: boolean;
  @Field(() => String, { description: "HTTP path of the job's file: the rejected rows of an import, the file of an export" }) downloadPath!: string;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true }) finishedAt!: Date | null;
}

@InputType("StartImportInput")
export class StartImportInput {
  @Field(() => String, { description: "Tells the format by its extension (.csv, .xlsx, .jsonl) unless format is given" }) fileName!: string;
  @Field(() => String, { description: "The file, base64-encoded; large files go through POST /imports instead" }) contentBase64!: string;
  @Field(() => TableFormatEnum, { nullable: true }) format?: string | null;
  @Field(() => String, { nullable: true, description: "CSV: detected when absent" }) delimiter?: string | null;
  @Field(() => String, { nullable: true, description: "CSV: utf-8, windows-1250 or windows-1251; detected when absent" }) encoding?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "The full report without saving anything" }) dryRun!: boolean;
  @Field(() => String, { nullable: true, description: "A saved column mapping's name" }) mapping?: string | null;
  @Field(() => BulkFileKindEnum, { defaultValue: BulkFileKindEnum.PRODUCTS }) kind!: string;
}

@ObjectType("ImportMappingColumn")
export class ImportMappingColumnType {
  @Field(() => String, { description: "The file's column name" }) source!: string;
  @Field(() => String, { nullable: true, description: "The flat-layout column it stands for; null drops the column" }) target!: string | null;
}

@InputType("ImportMappingColumnInput")
export class ImportMappingColumnInput {
  @Field(() => String) source!: string;
  @Field(() => String, { nullable: true }) target?: string | null;
}

@ObjectType("ImportMapping", { description: "A saved translation of a supplier's own headers to the flat layout" })
export class ImportMappingType {
  @Field(() => String) name!: string;
  @Field(() => [ImportMappingColumnType]) columns!: ImportMappingColumnType[];
  @Field(() => DateTimeResolver) updatedAt!: Date;
}

@InputType("StartExportInput", { description: "Which products to export (all filters together); every product when none is given" })
export class StartExportInput {
  @Field(() => TableFormatEnum) format!: string;
  @Field(() => BulkFileKindEnum, { defaultValue: BulkFileKindEnum.PRODUCTS, description: "PRODUCTS or PRODUCT_MODELS (every model, no filter)" }) kind!: string;
  @Field(() => [String], { nullable: true, description: "In any of these categories, their subcategories included" }) categories?: string[] | null;
  @Field(() => [String], { nullable: true }) families?: string[] | null;
  @Field(() => String, { nullable: true, description: "Only products complete (100%) on this channel, for completeLocale" }) completeOnChannel?: string | null;
  @Field(() => String, { nullable: true }) completeLocale?: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) updatedSince?: Date | null;
}
