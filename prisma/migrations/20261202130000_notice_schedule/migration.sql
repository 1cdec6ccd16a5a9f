-- AlterEnum: a scheduled notice that no longer applies when its time comes.
ALTER TYPE "NoticeDelivery" ADD VALUE 'cancelled';

-- AlterTable: when a scheduled notice (a lapse warning) is shown and sent.
ALTER TABLE "notices" ADD COLUMN "not_before" TIMESTAMP(3);
