import { DateTimeResolver } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum BulkJobKindEnum {
  IMPORT = "import",
  EXPORT = "export",
}
registerEnumType(BulkJobKindEnum, {
  name: "BulkJobKind",
  description: "Whether a bulk job reads a file into the catalog or writes one from it",
  valuesConfig: {
    IMPORT: { description: "Reads an uploaded file and saves its rows" },
    EXPORT: { description: "Writes products or product models to a file to download" },
  },
});

export enum BulkJobStatusEnum {
  QUEUED = "queued",
  RUNNING = "running",
  SUCCEEDED = "succeeded",
  FAILED = "failed",
  CANCELLED = "cancelled",
}
registerEnumType(BulkJobStatusEnum, {
  name: "BulkJobStatus",
  description: "Where a bulk job stands",
  valuesConfig: {
    QUEUED: {
      description: "Not started yet, or put back after an interruption: waiting for a service process, or for another import that writes products to finish",
    },
    RUNNING: { description: "Reading or writing rows; rowsDone and etaSeconds show the progress" },
    SUCCEEDED: { description: "Every row was read; rejected rows are in the report and the rejected-rows file (an export: its file is ready at downloadPath)" },
    FAILED: {
      description:
        "The job could not run to its end: an import's file could not be read at all (its header, format or encoding), or the job passed its three-hour time limit; see error",
    },
    CANCELLED: { description: "Stopped between two chunks; what was saved before stays saved" },
  },
});

export enum TableFormatEnum {
  CSV = "csv",
  XLSX = "xlsx",
  JSONL = "jsonl",
}
registerEnumType(TableFormatEnum, {
  name: "TableFormat",
  description: "The file format of an import or export; docs/import-export.md describes each",
  valuesConfig: {
    CSV: {
      description:
        "Delimited text; imports detect the delimiter and encoding (UTF-8, Windows-1250 or Windows-1251) unless given; exports write UTF-8 with commas",
    },
    XLSX: { description: "Excel workbook: the first worksheet, its first row the header" },
    JSONL: { description: "JSON Lines: one JSON object per line, keyed by flat-layout column names" },
  },
});

export enum BulkFileKindEnum {
  PRODUCTS = "products",
  PRODUCT_MODELS = "product_models",
  CATEGORIES = "categories",
  ATTRIBUTES = "attributes",
  ATTRIBUTE_OPTIONS = "attribute_options",
  FAMILIES = "families",
}
registerEnumType(BulkFileKindEnum, {
  name: "BulkFileKind",
  description: "What a file's rows are; exports write products or product models; docs/import-export.md lists each kind's columns",
  valuesConfig: {
    PRODUCTS: { description: "One product per row, in the flat layout (the default)" },
    PRODUCT_MODELS: { description: "One product model per row: code, family_variant, parent, categories and value columns" },
    CATEGORIES: { description: "One category per row (admin keys only)" },
    ATTRIBUTES: { description: "One attribute per row (admin keys only)" },
    ATTRIBUTE_OPTIONS: { description: "One option of a select attribute per row (admin keys only)" },
    FAMILIES: { description: "One family per row (admin keys only)" },
  },
});

@ObjectType("BulkRowProblem", {
  description: "One problem of one row: the row number as a spreadsheet shows it (the header is row 1), the column and the reason",
})
export class BulkRowProblemType {
  @Field(() => Int, { description: "Row number as a spreadsheet shows it (the header is row 1); in JSON Lines, the line number" }) row!: number;
  @Field(() => String, { description: "The row's SKU, or its code for other kinds of file (attribute.option for options)" }) sku!: string;
  @Field(() => String, { nullable: true, description: "The file's column the problem is in; null for a problem of the whole row" }) column!: string | null;
  @Field(() => String, { description: "What is wrong, in plain words" }) message!: string;
}

@ObjectType("ImportCounts", { description: "What an import has done with its rows so far" })
export class ImportCountsType {
  @Field(() => Int, { description: "Rows read from the file, header excluded" }) rowsRead!: number;
  @Field(() => Int, { description: "Rows that created an entity (in a dry run: would have)" }) created!: number;
  @Field(() => Int, { description: "Rows that changed an existing entity (in a dry run: would have)" }) updated!: number;
  @Field(() => Int, { description: "Rows that changed nothing and wrote nothing" }) unchanged!: number;
  @Field(() => Int, { description: "Rows refused; each is in the rejected-rows file with the reason" }) rejected!: number;
  @Field(() => Int, { description: "Warnings on rows that were not rejected (such as removed unsafe HTML)" }) warnings!: number;
}

@ObjectType("ImportReport", { description: "The outcome of a finished import: its counts and the problems of its rows" })
export class ImportReportType extends ImportCountsType {
  @Field(() => Boolean, { description: "True when nothing was saved: the counts say what the import would have done" }) dryRun!: boolean;
  @Field(() => Boolean, { description: "True when the import was stopped between two chunks; what it saved before stays saved" }) cancelled!: boolean;
  @Field(() => Int, { description: "How long the import ran, in milliseconds" }) durationMs!: number;
  @Field(() => [BulkRowProblemType], { description: "The problems of the rejected rows (the first 1,000; the rejected-rows file has them all)" })
  problems!: BulkRowProblemType[];
  @Field(() => [BulkRowProblemType], { description: "The warnings of rows that were not rejected (the first 1,000)" }) warningDetails!: BulkRowProblemType[];
  @Field(() => Boolean, { description: "True when problems or warningDetails were cut at 1,000 entries" }) detailsTruncated!: boolean;
}

@ObjectType("BulkJob", { description: "An import or export running in the background; docs/import-export.md" })
export class BulkJobType {
  @Field(() => ID, { description: "The job's id (a UUID)" }) id!: string;
  @Field(() => BulkJobKindEnum, { description: "Import or export" }) kind!: string;
  @Field(() => BulkJobStatusEnum, { description: "Where the job stands" }) status!: string;
  @Field(() => String, { description: "An import: the name the uploader gave the file (only shown); an export: the name of the file it writes" })
  fileName!: string;
  @Field(() => TableFormatEnum, { description: "The file's format" }) format!: string;
  @Field(() => Boolean, { description: "An import that reports without saving anything; always false for exports" }) dryRun!: boolean;
  @Field(() => BulkFileKindEnum, { nullable: true, description: "What the file's rows are; null on jobs recorded before kinds existed" }) fileKind?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "The saved column mapping the import applies; null for none" }) mapping!: string | null;
  @Field(() => String, { nullable: true, description: "CSV: the delimiter given or detected" }) delimiter!: string | null;
  @Field(() => String, { nullable: true, description: "CSV: the encoding given or detected" }) encoding!: string | null;
  @Field(() => Int, { nullable: true, description: "An estimate from the file size until the job ends; null when unknown (XLSX)" }) rowsTotal!: number | null;
  @Field(() => Int, { description: "Rows handled so far" }) rowsDone!: number;
  @Field(() => Float, { nullable: true, description: "Rows handled per second, rounded; null before the first chunk is done" }) rowsPerSecond!: number | null;
  @Field(() => Int, { nullable: true, description: "Estimated seconds left; null when unknown" }) etaSeconds!: number | null;
  @Field(() => ImportCountsType, { description: "What the rows handled so far did" }) counts!: ImportCountsType;
  @Field(() => ImportReportType, { nullable: true, description: "Imports, once finished" }) report!: ImportReportType | null;
  @Field(() => String, { nullable: true, description: "Why the job failed, or why it was put back in the queue; null otherwise" }) error!: string | null;
  @Field(() => Boolean, { description: "True once cancelBulkJob was called; the job stops after its current chunk" }) cancelRequested!: boolean;
  @Field(() => String, { description: "HTTP path of the job's file: the rejected rows of an import, the file of an export" }) downloadPath!: string;
  @Field(() => DateTimeResolver, { description: "When the job was recorded" }) createdAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: "When it started reading or writing rows; null while queued" }) startedAt!: Date | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When it ended; null while queued or running" }) finishedAt!: Date | null;
}

@InputType("StartImportInput", { description: "A file to import, sent inline; the whole request is limited by MAX_BODY_BYTES (5 MiB by default)" })
export class StartImportInput {
  @Field(() => String, { description: "Tells the format by its extension (.csv, .xlsx, .jsonl) unless format is given" }) fileName!: string;
  @Field(() => String, { description: "The file, base64-encoded; large files go through POST /imports instead" }) contentBase64!: string;
  @Field(() => TableFormatEnum, { nullable: true, description: "The file's format; omitted or null: told by the fileName's extension" }) format?: string | null;
  @Field(() => String, { nullable: true, description: "CSV: detected when absent" }) delimiter?: string | null;
  @Field(() => String, { nullable: true, description: "CSV: utf-8, windows-1250 or windows-1251; detected when absent" }) encoding?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "The full report without saving anything" }) dryRun!: boolean;
  @Field(() => String, { nullable: true, description: "A saved column mapping's name; omitted or null: the file's headers are used as they are" }) mapping?:
    | string
    | null;
  @Field(() => BulkFileKindEnum, {
    defaultValue: BulkFileKindEnum.PRODUCTS,
    description: "What the rows are (default PRODUCTS); kinds other than PRODUCTS and PRODUCT_MODELS need an admin key",
  })
  kind!: string;
}

@ObjectType("ImportMappingColumn", { description: "One column of a saved mapping: the file's header and the flat-layout column it stands for" })
export class ImportMappingColumnType {
  @Field(() => String, { description: "The file's column name" }) source!: string;
  @Field(() => String, { nullable: true, description: "The flat-layout column it stands for; null drops the column" }) target!: string | null;
}

@InputType("ImportMappingColumnInput", { description: "One column of a mapping; columns not listed keep their names" })
export class ImportMappingColumnInput {
  @Field(() => String, { description: "The file's column name, not empty; each at most once per mapping" }) source!: string;
  @Field(() => String, { nullable: true, description: "The flat-layout column it stands for, e.g. ean; null or blank drops the column" }) target?:
    | string
    | null;
}

@ObjectType("ImportMapping", { description: "A saved translation of a supplier's own headers to the flat layout" })
export class ImportMappingType {
  @Field(() => String, { description: "The mapping's name, as startImport's mapping names it" }) name!: string;
  @Field(() => [ImportMappingColumnType], { description: "The columns it renames or drops" }) columns!: ImportMappingColumnType[];
  @Field(() => DateTimeResolver, { description: "When it was last saved" }) updatedAt!: Date;
}

@InputType("StartExportInput", { description: "Which products to export (all filters together); every product when none is given" })
export class StartExportInput {
  @Field(() => TableFormatEnum, { description: "The file's format" }) format!: string;
  @Field(() => BulkFileKindEnum, { defaultValue: BulkFileKindEnum.PRODUCTS, description: "PRODUCTS or PRODUCT_MODELS (every model, no filter)" }) kind!: string;
  @Field(() => [String], { nullable: true, description: "In any of these categories, their subcategories included" }) categories?: string[] | null;
  @Field(() => [String], { nullable: true, description: "In any of these families (codes)" }) families?: string[] | null;
  @Field(() => String, { nullable: true, description: "Only products complete (100%) on this channel, for completeLocale" }) completeOnChannel?: string | null;
  @Field(() => String, { nullable: true, description: "The locale of completeOnChannel; the two are given together" }) completeLocale?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "Only products changed at or after this time" }) updatedSince?: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Products only: write images as <mediaBaseUrl>/media/<asset> URLs (this service's public address, e.g. https://pim.example.com) instead of asset ids, so an import into another installation fetches them; null: asset ids",
  })
  mediaBaseUrl?: string | null;
}
