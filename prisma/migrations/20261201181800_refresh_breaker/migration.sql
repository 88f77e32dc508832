-- CreateEnum
CREATE TYPE "RefreshVerdict" AS ENUM ('accepted', 'erased', 'held');

-- CreateTable
CREATE TABLE "token_refresh_outcomes" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "verdict" "RefreshVerdict" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "token_refresh_outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "token_refresh_outcomes_created_at_idx" ON "token_refresh_outcomes"("created_at");
