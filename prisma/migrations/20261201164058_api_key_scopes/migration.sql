-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "account_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "permissions" TEXT[] DEFAULT ARRAY['accounts:read', 'tokens:read', 'ads:proxy']::TEXT[];
