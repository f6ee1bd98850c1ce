import type { Connection } from "mongoose";
import { PimError } from "../../errors.js";

/**
 * A saved translation of someone else's headers (a supplier's "EAN code") to flat-layout column
 * names ("ean"); a null target drops the column. Unmapped columns keep their names.
 */
export interface ColumnMapping {
  name: string;
  columns: Array<{ source: string; target: string | null }>;
  updatedAt: Date;
}

type MappingDoc = Omit<ColumnMapping, "name"> & { _id: string };

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export class ColumnMappings {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<MappingDoc>("import_mappings");
  }

  async save(name: string, columns: ColumnMapping["columns"]): Promise<ColumnMapping> {
    const problems = [];
    if (!namePattern.test(name))
      problems.push({ path: ["name"], message: "a mapping name is 1-100 letters, digits, '_', '.', '-', starting with a letter or digit" });
    const sources = new Set<string>();
    columns.forEach((column, i) => {
      if (column.source.trim() === "") problems.push({ path: ["columns", String(i), "source"], message: "the source column name is empty" });
      if (sources.has(column.source)) problems.push({ path: ["columns", String(i), "source"], message: `source column ${column.source} is mapped twice` });
      sources.add(column.source);
    });
    if (problems.length > 0) throw new PimError("BAD_USER_INPUT", "the column mapping is not valid", problems);
    const mapping = { columns: columns.map(({ source, target }) => ({ source, target: target?.trim() ? target.trim() : null })), updatedAt: new Date() };
    await this.collection.replaceOne({ _id: name }, mapping, { upsert: true });
    return { name, ...mapping };
  }

  async get(name: string): Promise<ColumnMapping> {
    const doc = await this.collection.findOne({ _id: name });
    if (!doc) throw new PimError("NOT_FOUND", `column mapping ${name} does not exist`, [{ path: ["mapping"], message: `no saved mapping is called ${name}` }]);
    return { name: doc._id, columns: doc.columns, updatedAt: doc.updatedAt };
  }

  async list(): Promise<ColumnMapping[]> {
    const docs = await this.collection.find().sort({ _id: 1 }).toArray();
    return docs.map((doc) => ({ name: doc._id, columns: doc.columns, updatedAt: doc.updatedAt }));
  }

  async delete(name: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: name })).deletedCount > 0;
  }
}

/** The file's column names as the flat layout reads them; null for dropped columns. */
export function mapHeader(header: string[], mapping: ColumnMapping | null): Array<string | null> {
  if (!mapping) return header;
  const targets = new Map(mapping.columns.map((column) => [column.source, column.target]));
  return header.map((name) => (targets.has(name) ? (targets.get(name) ?? null) : name));
}
