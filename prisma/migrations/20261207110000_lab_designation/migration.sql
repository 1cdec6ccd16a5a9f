-- AlterTable: a key lab's calendar counts from its designation (批准组建), and a lab designated before the
-- system ran may be registered without a designating case. The lab keeps the terms it is evaluated under
-- (the designating sub-type and rule version), which a registered lab has no case to read them from.
ALTER TABLE "key_labs" RENAME COLUMN "approved_on" TO "designated_on";
ALTER TABLE "key_labs" ALTER COLUMN "case_id" DROP NOT NULL;
ALTER TABLE "key_labs" ADD COLUMN "measure_code" TEXT,
ADD COLUMN "subtype_code" TEXT,
ADD COLUMN "pack_version" INTEGER;

-- Backfill: every lab so far was designated by a case, whose terms it keeps.
UPDATE "key_labs" AS k
SET "measure_code" = a."measure_code", "subtype_code" = a."subtype_code", "pack_version" = a."pack_version"
FROM "applications" AS a
WHERE a."id" = k."case_id";

ALTER TABLE "key_labs" ALTER COLUMN "measure_code" SET NOT NULL,
ALTER COLUMN "subtype_code" SET NOT NULL,
ALTER COLUMN "pack_version" SET NOT NULL;
