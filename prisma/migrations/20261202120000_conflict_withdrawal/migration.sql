-- AlterTable: a withdrawn conflict declaration is kept, with when and why it was withdrawn
ALTER TABLE "conflict_declarations" ADD COLUMN "withdrawn_at" TIMESTAMP(3),
ADD COLUMN "withdrawal_reason" TEXT;
