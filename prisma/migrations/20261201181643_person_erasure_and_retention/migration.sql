-- CreateEnum
CREATE TYPE "ErasureSource" AS ENUM ('clerk_webhook', 'dashboard');

-- AlterTable
ALTER TABLE "amazon_accounts" ADD COLUMN     "disconnected_at" TIMESTAMPTZ(3);

-- Accounts disconnected before this column existed: their last change is when.
UPDATE "amazon_accounts" SET "disconnected_at" = "updated_at" WHERE "status" = 'disconnected';

-- CreateTable
CREATE TABLE "person_erasures" (
    "id" UUID NOT NULL,
    "user_id_hash" TEXT NOT NULL,
    "source" "ErasureSource" NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "erased_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_erasures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "svix_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("svix_id")
);

-- CreateIndex
CREATE INDEX "person_erasures_user_id_hash_erased_at_idx" ON "person_erasures"("user_id_hash", "erased_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");
