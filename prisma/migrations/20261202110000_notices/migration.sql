-- AlterTable
ALTER TABLE "organisations" ADD COLUMN "notice_email" TEXT;

-- CreateEnum
CREATE TYPE "NoticeDelivery" AS ENUM ('pending', 'sending', 'sent', 'skipped');

-- CreateTable
CREATE TABLE "notices" (
    "id" TEXT NOT NULL,
    "source_key" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "application_id" TEXT,
    "kind" TEXT NOT NULL,
    "subject" JSONB NOT NULL,
    "body" JSONB NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "read_at" TIMESTAMP(3),
    "read_by_id" TEXT,
    "delivery" "NoticeDelivery" NOT NULL DEFAULT 'pending',
    "message_id" TEXT NOT NULL,
    "recipient" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sending_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),
    "last_error" TEXT,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notices_source_key_key" ON "notices"("source_key");
CREATE INDEX "notices_organisation_id_created_at_idx" ON "notices"("organisation_id", "created_at");
CREATE INDEX "notices_application_id_idx" ON "notices"("application_id");
