// Browser-safe: model types and enums only. The client lives at `@adsconnect/db/client`.
export * from "./generated/prisma/browser";
