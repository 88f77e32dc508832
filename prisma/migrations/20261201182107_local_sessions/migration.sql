-- CreateTable
CREATE TABLE "local_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "local_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "local_sessions_expires_at_idx" ON "local_sessions"("expires_at");
