-- Indexes on foreign keys that a deletion follows (SetNull on erasing a person, Cascade on
-- deleting a workspace or an account): without them each such deletion scans the whole table.

-- CreateIndex
CREATE INDEX "amazon_accounts_connected_by_id_idx" ON "amazon_accounts"("connected_by_id");

-- CreateIndex
CREATE INDEX "api_keys_created_by_id_idx" ON "api_keys"("created_by_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events"("actor_id");

-- CreateIndex
CREATE INDEX "oauth_states_workspace_id_idx" ON "oauth_states"("workspace_id");

-- CreateIndex
CREATE INDEX "oauth_states_account_id_idx" ON "oauth_states"("account_id");
