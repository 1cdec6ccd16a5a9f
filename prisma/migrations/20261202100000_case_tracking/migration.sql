-- AlterTable: the budget year of receipt, for the applicant's year filter. Every pack so far keeps
-- Asia/Shanghai time, so existing rows are backfilled in that zone.
ALTER TABLE "applications" ADD COLUMN "budget_year" INTEGER;
UPDATE "applications" SET "budget_year" = EXTRACT(YEAR FROM ("submitted_at" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai'))::INTEGER;

-- CreateIndex: the applicant's list filters, each newest first within the organisation.
CREATE INDEX "applications_organisation_id_status_submitted_at_idx" ON "applications"("organisation_id", "status", "submitted_at");
CREATE INDEX "applications_organisation_id_measure_code_submitted_at_idx" ON "applications"("organisation_id", "measure_code", "submitted_at");
CREATE INDEX "applications_organisation_id_budget_year_submitted_at_idx" ON "applications"("organisation_id", "budget_year", "submitted_at");
