-- CreateIndex
CREATE INDEX "webhook_events_created_at_id_idx" ON "webhook_events"("created_at", "id");

-- CreateIndex
CREATE INDEX "webhook_messages_state_updated_at_idx" ON "webhook_messages"("state", "updated_at");

-- CreateIndex
CREATE INDEX "webhook_messages_event_id_idx" ON "webhook_messages"("event_id");
