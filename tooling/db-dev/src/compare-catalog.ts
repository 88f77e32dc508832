// The schema side of the catalog drift check: Prisma's parsed data model
// turned into what Postgres should hold, compared with what it does hold.
import type { Catalog, ForeignKey, Index } from "./catalog";
import type { Datamodel, DmmfField, DmmfModel } from "./dmmf";

const defaultTypes: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/** `@db.X(args)` as Postgres's `format_type` spells it. */
function nativeTypeName([name, args]: [string, string[]]): string {
  const a = args.length ? `(${args.join(",")})` : "";
  const precision = args.length ? `(${args[0]})` : "";
  const names: Record<string, string> = {
    Text: "text",
    Uuid: "uuid",
    VarChar: `character varying${a}`,
    Char: `character${a}`,
    Timestamptz: `timestamp${precision} with time zone`,
    Timestamp: `timestamp${precision} without time zone`,
    Time: `time${precision} without time zone`,
    Timetz: `time${precision} with time zone`,
    Date: "date",
    Integer: "integer",
    SmallInt: "smallint",
    BigInt: "bigint",
    Oid: "oid",
    Real: "real",
    DoublePrecision: "double precision",
    Decimal: `numeric${a}`,
    Money: "money",
    Boolean: "boolean",
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
    Inet: "inet",
    Citext: "citext",
    Xml: "xml",
    Bit: `bit${a}`,
    VarBit: `bit varying${a}`,
  };
  const type = names[name];
  if (!type)
    throw new Error(`catalogDrift does not know @db.${name}: add it to nativeTypeName in drift.ts`);
  return type;
}

/** Defaults Prisma fills in on the client (no column default in the database). */
const clientSideDefaults = new Set(["uuid", "cuid", "nanoid", "ulid"]);

function expectsColumnDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = field.default as { name?: string } | undefined;
  return !(
    typeof fn === "object" &&
    fn !== null &&
    fn.name !== undefined &&
    clientSideDefaults.has(fn.name)
  );
}

/** Prisma's default constraint names (psl's ConstraintNames), cut to Postgres's 63 bytes. */
function defaultName(
  table: string,
  columns: string[],
  suffix: "pkey" | "key" | "idx" | "fkey",
): string {
  const name = suffix === "pkey" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`;
  return name.length <= 63 ? name : `${name.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

const referentialActions: Record<string, string> = {
  Cascade: "c",
  Restrict: "r",
  NoAction: "a",
  SetNull: "n",
  SetDefault: "d",
};
const actionNames: Record<string, string> = {
  c: "Cascade",
  r: "Restrict",
  a: "NoAction",
  n: "SetNull",
  d: "SetDefault",
};

export function compareCatalog(datamodel: Datamodel, db: Catalog): string[] {
  const problems: string[] = [];
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (field: DmmfField) => field.dbName ?? field.name;
  const modelsByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const columnNames = (model: DmmfModel, fieldNames: string[]) =>
    fieldNames.map((name) => {
      const field = model.fields.find((f) => f.name === name);
      return field ? columnOf(field) : name;
    });

  // Enums: same type, same values in the same order.
  const enumTypeName = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of datamodel.enums) {
    const typeName = e.dbName ?? e.name;
    const expected = e.values.map((v) => v.dbName ?? v.name);
    const actual = db.enums.get(typeName);
    if (!actual) problems.push(`enum ${typeName}: missing in the database`);
    else if (actual.join(",") !== expected.join(","))
      problems.push(
        `enum ${typeName}: database has [${actual.join(", ")}], schema has [${expected.join(", ")}]`,
      );
  }
  for (const name of db.enums.keys()) {
    if (![...enumTypeName.values()].includes(name))
      problems.push(`enum ${name}: in the database, not in schema.prisma`);
  }

  // Tables and columns.
  const expectedTables = new Set(datamodel.models.map(tableOf));
  for (const table of db.tables) {
    if (!expectedTables.has(table))
      problems.push(`table ${table}: in the database, not in schema.prisma`);
  }
  for (const model of datamodel.models) {
    const table = tableOf(model);
    if (!db.tables.has(table)) {
      problems.push(`table ${table}: missing (model ${model.name})`);
      continue;
    }
    const actualColumns = new Map(
      db.columns.filter((c) => c.table === table).map((c) => [c.name, c]),
    );
    const scalarFields = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    for (const field of scalarFields) {
      const where = `${table}.${columnOf(field)} (${model.name}.${field.name})`;
      const column = actualColumns.get(columnOf(field));
      if (!column) {
        problems.push(`${where}: column missing`);
        continue;
      }
      if (field.kind === "enum") {
        const typeName = enumTypeName.get(field.type) ?? field.type;
        const isArray = column.type.endsWith("[]");
        if (column.enumType !== typeName || isArray !== field.isList)
          problems.push(
            `${where}: type ${column.type}, schema says enum ${typeName}${field.isList ? "[]" : ""}`,
          );
      } else {
        const base = field.nativeType ? nativeTypeName(field.nativeType) : defaultTypes[field.type];
        const expected = `${base}${field.isList ? "[]" : ""}`;
        if (column.type !== expected)
          problems.push(`${where}: type ${column.type}, schema says ${expected}`);
      }
      // Prisma leaves scalar-list columns nullable.
      const notNull = field.isRequired && !field.isList;
      if (column.notNull !== notNull)
        problems.push(
          `${where}: ${column.notNull ? "NOT NULL" : "nullable"} in the database, ${notNull ? "required" : "optional"} in schema.prisma`,
        );
      const wantsDefault = expectsColumnDefault(field);
      if (column.hasDefault !== wantsDefault)
        problems.push(
          `${where}: ${column.hasDefault ? "has a" : "no"} column default, schema says ${wantsDefault ? "one" : "none"}`,
        );
    }
    const expectedColumns = new Set(scalarFields.map(columnOf));
    for (const name of actualColumns.keys()) {
      if (!expectedColumns.has(name))
        problems.push(`${table}.${name}: column in the database, not in schema.prisma`);
    }
  }

  // Primary keys, uniques and indexes: Prisma's index list covers all three.
  const matched = new Set<Index>();
  for (const index of datamodel.indexes) {
    const model = modelsByName.get(index.model);
    if (!model || !db.tables.has(tableOf(model))) continue;
    const table = tableOf(model);
    const columns = columnNames(
      model,
      index.fields.map((f) => f.name),
    );
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const name = index.dbName ?? defaultName(table, columns, suffix);
    const kind =
      index.type === "id" ? "primary key" : index.type === "unique" ? "unique index" : "index";
    const found = db.indexes.find(
      (i) =>
        i.table === table &&
        i.columns.join(",") === columns.join(",") &&
        i.primary === (index.type === "id") &&
        i.unique === (index.type !== "normal"),
    );
    if (!found) {
      problems.push(`${kind} ${name} on ${table}(${columns.join(", ")}): missing`);
      continue;
    }
    matched.add(found);
    if (found.name !== name)
      problems.push(
        `${kind} on ${table}(${columns.join(", ")}): named ${found.name}, schema expects ${name}`,
      );
  }
  for (const index of db.indexes) {
    if (!matched.has(index) && expectedTables.has(index.table))
      problems.push(
        `index ${index.name} on ${index.table}(${index.columns.join(", ")}): in the database, not in schema.prisma`,
      );
  }

  // Foreign keys, from the relation fields that hold them.
  const matchedKeys = new Set<ForeignKey>();
  for (const model of datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = modelsByName.get(field.type);
      if (!target) continue;
      const table = tableOf(model);
      const columns = columnNames(model, field.relationFromFields);
      const refColumns = columnNames(target, field.relationToFields ?? []);
      const label = `foreign key ${table}(${columns.join(", ")}) -> ${tableOf(target)}(${refColumns.join(", ")})`;
      const found = db.foreignKeys.find(
        (k) =>
          k.table === table &&
          k.columns.join(",") === columns.join(",") &&
          k.refTable === tableOf(target) &&
          k.refColumns.join(",") === refColumns.join(","),
      );
      if (!found) {
        problems.push(`${label}: missing (${model.name}.${field.name})`);
        continue;
      }
      matchedKeys.add(found);
      const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
      const onUpdate = field.relationOnUpdate ?? "Cascade";
      if (found.onDelete !== referentialActions[onDelete])
        problems.push(
          `${label}: ON DELETE ${actionNames[found.onDelete]} in the database, ${onDelete} in schema.prisma`,
        );
      if (found.onUpdate !== referentialActions[onUpdate])
        problems.push(
          `${label}: ON UPDATE ${actionNames[found.onUpdate]} in the database, ${onUpdate} in schema.prisma`,
        );
      if (found.name !== defaultName(table, columns, "fkey"))
        problems.push(
          `${label}: named ${found.name}, schema expects ${defaultName(table, columns, "fkey")}`,
        );
    }
  }
  for (const key of db.foreignKeys) {
    if (!matchedKeys.has(key) && expectedTables.has(key.table))
      problems.push(
        `foreign key ${key.name} on ${key.table}: in the database, not in schema.prisma`,
      );
  }

  return problems;
}
