-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AmazonRegion" AS ENUM ('NA', 'EU', 'FE');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'refresh_failing', 'reauth_required', 'disconnected');

-- CreateEnum
CREATE TYPE "ProfileType" AS ENUM ('seller', 'vendor', 'agency');

-- CreateEnum
CREATE TYPE "AuditEventType" AS ENUM ('account_connected', 'account_reconnected', 'account_disconnected', 'token_refreshed', 'token_refresh_failed', 'reauth_required', 'recovered', 'profiles_synced', 'consent_expiring', 'api_key_created', 'api_key_revoked');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "amazon_accounts" (
    "id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "amazon_user_id" TEXT NOT NULL,
    "amazon_name" TEXT,
    "amazon_email" TEXT,
    "consent_region" "AmazonRegion" NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'active',
    "refresh_token_ciphertext" TEXT,
    "access_token_ciphertext" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "consented_at" TIMESTAMPTZ(3) NOT NULL,
    "last_refreshed_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "amazon_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advertising_profiles" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "region" "AmazonRegion" NOT NULL,
    "country_code" TEXT NOT NULL,
    "currency_code" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "marketplace_string_id" TEXT NOT NULL,
    "account_info_type" "ProfileType" NOT NULL,
    "account_info_name" TEXT,
    "account_info_id" TEXT NOT NULL,
    "account_info_sub_type" TEXT,
    "last_synced_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "advertising_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dsp_advertisers" (
    "id" UUID NOT NULL,
    "profile_id" UUID NOT NULL,
    "advertiser_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT,
    "country" TEXT,
    "timezone" TEXT,
    "url" TEXT,
    "last_synced_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dsp_advertisers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_states" (
    "id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "region" "AmazonRegion" NOT NULL,
    "code_verifier_ciphertext" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "account_id" UUID,
    "type" "AuditEventType" NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "worker_id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("worker_id")
);

-- CreateIndex
CREATE INDEX "amazon_accounts_status_access_token_expires_at_idx" ON "amazon_accounts"("status", "access_token_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "amazon_accounts_owner_id_amazon_user_id_key" ON "amazon_accounts"("owner_id", "amazon_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "advertising_profiles_account_id_profile_id_key" ON "advertising_profiles"("account_id", "profile_id");

-- CreateIndex
CREATE UNIQUE INDEX "dsp_advertisers_profile_id_advertiser_id_key" ON "dsp_advertisers"("profile_id", "advertiser_id");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_states_state_hash_key" ON "oauth_states"("state_hash");

-- CreateIndex
CREATE INDEX "oauth_states_expires_at_idx" ON "oauth_states"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_user_id_idx" ON "api_keys"("user_id");

-- CreateIndex
CREATE INDEX "audit_events_user_id_created_at_idx" ON "audit_events"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_account_id_created_at_idx" ON "audit_events"("account_id", "created_at");

-- AddForeignKey
ALTER TABLE "amazon_accounts" ADD CONSTRAINT "amazon_accounts_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advertising_profiles" ADD CONSTRAINT "advertising_profiles_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "amazon_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dsp_advertisers" ADD CONSTRAINT "dsp_advertisers_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "advertising_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "amazon_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
