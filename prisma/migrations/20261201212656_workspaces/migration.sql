-- CreateEnum
CREATE TYPE "WorkspaceKind" AS ENUM ('personal', 'organization', 'local');

-- CreateEnum
CREATE TYPE "WorkspaceRole" AS ENUM ('admin', 'member');

-- AlterEnum (the new values are not used below: a value added in a transaction cannot be)
ALTER TYPE "AuditEventType" ADD VALUE 'workspace_created';
ALTER TYPE "AuditEventType" ADD VALUE 'member_added';
ALTER TYPE "AuditEventType" ADD VALUE 'member_role_changed';
ALTER TYPE "AuditEventType" ADD VALUE 'member_removed';

-- Workspaces: all data of each person moves into a personal workspace of theirs, where they are
-- the admin. Nothing is dropped before it has been copied. API keys keep their hashes, so every
-- key keeps working (now acting for the workspace, with the same scopes and account list).
-- (No semicolons or quotes in these comments: the schema engine splits statements naively.)

-- CreateTable
CREATE TABLE "workspaces" (
    "id" UUID NOT NULL,
    "kind" "WorkspaceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "clerk_organization_id" TEXT,
    "personal_owner_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "workspaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workspace_memberships" (
    "workspace_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "WorkspaceRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "workspace_memberships_pkey" PRIMARY KEY ("workspace_id","user_id")
);

-- One personal workspace per person, with them as its admin.
INSERT INTO "workspaces" ("id", "kind", "name", "personal_owner_id", "created_at", "updated_at")
SELECT gen_random_uuid(), 'personal', 'Personal', "id", "created_at", CURRENT_TIMESTAMP FROM "users";

INSERT INTO "workspace_memberships" ("workspace_id", "user_id", "role", "created_at", "updated_at")
SELECT "id", "personal_owner_id", 'admin', "created_at", CURRENT_TIMESTAMP
FROM "workspaces" WHERE "personal_owner_id" IS NOT NULL;

-- Amazon accounts: the personal workspace of the owner holds them, and the owner connected them.
ALTER TABLE "amazon_accounts" ADD COLUMN "workspace_id" UUID, ADD COLUMN "connected_by_id" TEXT;
UPDATE "amazon_accounts" a SET "workspace_id" = w."id", "connected_by_id" = a."owner_id"
FROM "workspaces" w WHERE w."personal_owner_id" = a."owner_id";
ALTER TABLE "amazon_accounts" ALTER COLUMN "workspace_id" SET NOT NULL;
ALTER TABLE "amazon_accounts" DROP CONSTRAINT "amazon_accounts_owner_id_fkey";
DROP INDEX "amazon_accounts_owner_id_amazon_user_id_key";
ALTER TABLE "amazon_accounts" DROP COLUMN "owner_id";

-- API keys: held by the workspace, made by their owner, outliving any membership (as before).
ALTER TABLE "api_keys" ADD COLUMN "workspace_id" UUID, ADD COLUMN "created_by_id" TEXT,
ADD COLUMN "bound_to_creator" BOOLEAN NOT NULL DEFAULT false;
UPDATE "api_keys" k SET "workspace_id" = w."id", "created_by_id" = k."user_id"
FROM "workspaces" w WHERE w."personal_owner_id" = k."user_id";
ALTER TABLE "api_keys" ALTER COLUMN "workspace_id" SET NOT NULL;
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_user_id_fkey";
DROP INDEX "api_keys_user_id_idx";
ALTER TABLE "api_keys" DROP COLUMN "user_id";

-- Activity: held by the workspace. The person is the actor of what people do, nobody of refreshes.
ALTER TABLE "audit_events" ADD COLUMN "workspace_id" UUID, ADD COLUMN "actor_id" TEXT;
UPDATE "audit_events" e SET "workspace_id" = w."id",
  "actor_id" = CASE WHEN e."type" IN ('account_connected', 'account_reconnected',
    'account_disconnected', 'api_key_created', 'api_key_revoked') THEN e."user_id" END
FROM "workspaces" w WHERE w."personal_owner_id" = e."user_id";
ALTER TABLE "audit_events" ALTER COLUMN "workspace_id" SET NOT NULL;
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_user_id_fkey";
DROP INDEX "audit_events_user_id_created_at_idx";
ALTER TABLE "audit_events" DROP COLUMN "user_id";

-- Pending connections complete into the personal workspace of whoever started them.
ALTER TABLE "oauth_states" ADD COLUMN "workspace_id" UUID, ADD COLUMN "account_id" UUID;
UPDATE "oauth_states" s SET "workspace_id" = w."id"
FROM "workspaces" w WHERE w."personal_owner_id" = s."user_id";
ALTER TABLE "oauth_states" ALTER COLUMN "workspace_id" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "workspaces_clerk_organization_id_key" ON "workspaces"("clerk_organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "workspaces_personal_owner_id_key" ON "workspaces"("personal_owner_id");

-- CreateIndex
CREATE INDEX "workspace_memberships_user_id_idx" ON "workspace_memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "amazon_accounts_workspace_id_amazon_user_id_key" ON "amazon_accounts"("workspace_id", "amazon_user_id");

-- CreateIndex
CREATE INDEX "api_keys_workspace_id_idx" ON "api_keys"("workspace_id");

-- CreateIndex
CREATE INDEX "audit_events_workspace_id_created_at_idx" ON "audit_events"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_personal_owner_id_fkey" FOREIGN KEY ("personal_owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "amazon_accounts" ADD CONSTRAINT "amazon_accounts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "amazon_accounts" ADD CONSTRAINT "amazon_accounts_connected_by_id_fkey" FOREIGN KEY ("connected_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "amazon_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
