// For Prisma's own CLI on a networked machine (`prisma migrate deploy` agrees
// with `pnpm db:migrate` about what is applied: same folder, same ledger).
import { defineConfig } from "prisma/config";

import { dbEnv } from "./src/env";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  datasource: { url: dbEnv().DATABASE_URL },
});
