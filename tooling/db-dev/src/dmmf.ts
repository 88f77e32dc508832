// The data model as Prisma itself reads schema.prisma: `get_dmmf` from
// `@prisma/prisma-schema-wasm` (the parser the Prisma CLI bundles, at the
// engines version that matches prisma 7.10.0). The generated client's
// `runtimeDataModel` is too thin for this: it drops nullability, lists,
// native types, uniques and indexes.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}

export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

interface SchemaWasm {
  get_dmmf(params: string): string;
}

/** Parse schema.prisma with Prisma's own parser. */
export async function readDatamodel(schemaPath: string): Promise<Datamodel> {
  const wasm = createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as SchemaWasm;
  const schema = await readFile(schemaPath, "utf8");
  const dmmf = JSON.parse(
    wasm.get_dmmf(JSON.stringify({ prismaSchema: [[schemaPath, schema]], noColor: true })),
  ) as {
    datamodel: Datamodel;
  };
  return dmmf.datamodel;
}
