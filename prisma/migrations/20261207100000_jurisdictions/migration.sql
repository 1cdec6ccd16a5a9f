-- Jurisdictions: a city with its districts owns its packs (and through them its bureaus, treasuries and
-- pools); users, organisations and cases belong to one; payment orders and ledger rows name the
-- jurisdiction whose treasury pays, so the funder code "city" of one city is not another's. Every code
-- (bureau, treasury, district) is unique within its jurisdiction only.

-- CreateTable
CREATE TABLE "jurisdictions" (
    "id" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "timezone" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jurisdictions_pkey" PRIMARY KEY ("id")
);

-- Backfill: every jurisdiction a stored pack declares (its name and time zone as the oldest such pack has them).
INSERT INTO "jurisdictions" ("id", "name", "timezone")
SELECT DISTINCT ON ("document"->'jurisdiction'->>'code') "document"->'jurisdiction'->>'code', "document"->'jurisdiction'->'name', "timezone"
FROM "policy_packs"
ORDER BY "document"->'jurisdiction'->>'code', "created_at";

-- Rows written before jurisdictions whose city cannot be told from their data (admins, the funder code
-- "city") belong to Shenzhen, the city the service was first built for.
INSERT INTO "jurisdictions" ("id", "name", "timezone")
SELECT 'shenzhen', '{"zh":"深圳市","en":"Shenzhen"}'::jsonb, 'Asia/Shanghai'
WHERE NOT EXISTS (SELECT 1 FROM "jurisdictions" WHERE "id" = 'shenzhen')
  AND (EXISTS (SELECT 1 FROM "users") OR EXISTS (SELECT 1 FROM "organisations"));

-- AlterTable: packs
ALTER TABLE "policy_packs" ADD COLUMN "jurisdiction_id" TEXT;
UPDATE "policy_packs" SET "jurisdiction_id" = "document"->'jurisdiction'->>'code';
ALTER TABLE "policy_packs" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

-- AlterTable: cases, from their pack
ALTER TABLE "applications" ADD COLUMN "jurisdiction_id" TEXT;
UPDATE "applications" a SET "jurisdiction_id" = p."jurisdiction_id" FROM "policy_packs" p WHERE p."id" = a."pack_id";
ALTER TABLE "applications" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

-- AlterTable: organisations, from their latest case, else from the pack that names their district
ALTER TABLE "organisations" ADD COLUMN "jurisdiction_id" TEXT;
UPDATE "organisations" o SET "jurisdiction_id" = (
    SELECT a."jurisdiction_id" FROM "applications" a WHERE a."organisation_id" = o."id" ORDER BY a."submitted_at" DESC LIMIT 1);
UPDATE "organisations" o SET "jurisdiction_id" = (
    SELECT p."jurisdiction_id" FROM "policy_packs" p
    WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(p."document"->'districts') d WHERE d->>'code' = o."district")
    ORDER BY p."created_at" LIMIT 1)
WHERE o."jurisdiction_id" IS NULL;
UPDATE "organisations" SET "jurisdiction_id" = 'shenzhen' WHERE "jurisdiction_id" IS NULL;
ALTER TABLE "organisations" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

-- AlterTable: users, from their organisation, else the one jurisdiction whose packs have their bureau
ALTER TABLE "users" ADD COLUMN "jurisdiction_id" TEXT;
UPDATE "users" u SET "jurisdiction_id" = o."jurisdiction_id" FROM "organisations" o WHERE o."id" = u."organisation_id";
UPDATE "users" u SET "jurisdiction_id" = (
    SELECT min(p."jurisdiction_id") FROM "bureaus" b JOIN "policy_packs" p ON p."id" = b."pack_id" WHERE b."code" = u."bureau_code"
    HAVING count(DISTINCT p."jurisdiction_id") = 1)
WHERE u."jurisdiction_id" IS NULL AND u."bureau_code" IS NOT NULL;
UPDATE "users" SET "jurisdiction_id" = 'shenzhen' WHERE "jurisdiction_id" IS NULL;
ALTER TABLE "users" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

-- AlterTable: payment orders and ledger rows, from their case (the ledger is append-only: its guard is
-- lifted for this one backfill, inside the migration's transaction)
ALTER TABLE "payment_orders" ADD COLUMN "jurisdiction_id" TEXT;
UPDATE "payment_orders" o SET "jurisdiction_id" = a."jurisdiction_id" FROM "applications" a WHERE a."id" = o."application_id";
ALTER TABLE "payment_orders" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

ALTER TABLE "ledger_entries" ADD COLUMN "jurisdiction_id" TEXT;
ALTER TABLE "ledger_entries" DISABLE TRIGGER "ledger_entries_no_update_delete";
UPDATE "ledger_entries" e SET "jurisdiction_id" = a."jurisdiction_id" FROM "applications" a WHERE a."id" = e."application_id";
ALTER TABLE "ledger_entries" ENABLE TRIGGER "ledger_entries_no_update_delete";
ALTER TABLE "ledger_entries" ALTER COLUMN "jurisdiction_id" SET NOT NULL;

-- A case is always its pack's jurisdiction's; filled in when a writer leaves it out, refused when it names another.
CREATE FUNCTION "jurisdiction_of_pack"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  own TEXT;
BEGIN
  SELECT "jurisdiction_id" INTO own FROM "policy_packs" WHERE "id" = NEW."pack_id";
  IF NEW."jurisdiction_id" IS NULL THEN
    NEW."jurisdiction_id" := own;
  ELSIF own IS NOT NULL AND NEW."jurisdiction_id" <> own THEN
    RAISE EXCEPTION 'applications: jurisdiction % is not its pack''s (%)', NEW."jurisdiction_id", own USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "applications_jurisdiction" BEFORE INSERT ON "applications"
  FOR EACH ROW EXECUTE FUNCTION "jurisdiction_of_pack"();

-- A payment order or ledger row is always its case's jurisdiction's: filled in when a writer leaves it
-- out, refused when it names another.
CREATE FUNCTION "jurisdiction_of_case"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  own TEXT;
BEGIN
  SELECT "jurisdiction_id" INTO own FROM "applications" WHERE "id" = NEW."application_id";
  IF NEW."jurisdiction_id" IS NULL THEN
    NEW."jurisdiction_id" := own;
  ELSIF own IS NOT NULL AND NEW."jurisdiction_id" <> own THEN
    RAISE EXCEPTION '%: jurisdiction % is not its case''s (%)', TG_TABLE_NAME, NEW."jurisdiction_id", own USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "payment_orders_jurisdiction" BEFORE INSERT ON "payment_orders"
  FOR EACH ROW EXECUTE FUNCTION "jurisdiction_of_case"();
CREATE TRIGGER "ledger_entries_jurisdiction" BEFORE INSERT ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "jurisdiction_of_case"();

-- The paying treasury is the jurisdiction and the funder code together.
DROP INDEX "payment_orders_funder_status_idx";
CREATE INDEX "payment_orders_jurisdiction_id_funder_status_idx" ON "payment_orders"("jurisdiction_id", "funder", "status");

DROP INDEX "users_bureau_code_idx";
CREATE INDEX "users_jurisdiction_id_bureau_code_idx" ON "users"("jurisdiction_id", "bureau_code");

CREATE INDEX "organisations_jurisdiction_id_idx" ON "organisations"("jurisdiction_id");
CREATE INDEX "policy_packs_jurisdiction_id_idx" ON "policy_packs"("jurisdiction_id");
CREATE INDEX "applications_jurisdiction_id_idx" ON "applications"("jurisdiction_id");

-- AddForeignKey
ALTER TABLE "policy_packs" ADD CONSTRAINT "policy_packs_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "applications" ADD CONSTRAINT "applications_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "users" ADD CONSTRAINT "users_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_jurisdiction_id_fkey" FOREIGN KEY ("jurisdiction_id") REFERENCES "jurisdictions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
