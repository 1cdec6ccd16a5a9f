-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('enterprise', 'university', 'institute', 'data_source_unit', 'park_operator', 'other');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('applicant', 'officer', 'supervisor', 'admin');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('submitted', 'in_review', 'awaiting_information', 'approved', 'rejected', 'withdrawn', 'lapsed', 'refused');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('open', 'claimed', 'completed', 'cancelled');

-- CreateTable
CREATE TABLE "policy_packs" (
    "id" TEXT NOT NULL,
    "title" JSONB NOT NULL,
    "timezone" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "valid_from" TIMESTAMP(3) NOT NULL,
    "valid_to" TIMESTAMP(3) NOT NULL,
    "intake_open" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "policy_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_pack_versions" (
    "pack_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "checksum" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_pack_versions_pkey" PRIMARY KEY ("pack_id","version")
);

-- CreateTable
CREATE TABLE "bureaus" (
    "pack_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "bureaus_pkey" PRIMARY KEY ("pack_id","code")
);

-- CreateTable
CREATE TABLE "measures" (
    "pack_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" JSONB NOT NULL,
    "accepts_applications" BOOLEAN NOT NULL,

    CONSTRAINT "measures_pkey" PRIMARY KEY ("pack_id","code")
);

-- CreateTable
CREATE TABLE "budget_pools" (
    "id" TEXT NOT NULL,
    "pack_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "total_fen" BIGINT NOT NULL,
    "reserved_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "budget_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool_reservations" (
    "id" TEXT NOT NULL,
    "pool_id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "released_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organisations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "is_startup" BOOLEAN NOT NULL DEFAULT false,
    "district" TEXT,
    "registered_on" DATE,

    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "organisation_id" TEXT,
    "bureau_code" TEXT,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "pack_id" TEXT NOT NULL,
    "pack_version" INTEGER NOT NULL,
    "measure_code" TEXT NOT NULL,
    "subtype_code" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "submitted_by_id" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'submitted',
    "form" JSONB NOT NULL,
    "assessment" JSONB,
    "computed_award_fen" BIGINT,
    "approved_award_fen" BIGINT,
    "decision_reason" TEXT,
    "workflow_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_events" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "event_key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "actor_id" TEXT,
    "data" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "application_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_tasks" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "bureau_code" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'open',
    "assignee_id" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMP(3),
    "decision" TEXT,
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "completed_at" TIMESTAMP(3),
    "completed_by_id" TEXT,

    CONSTRAINT "review_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "budget_pools_pack_id_code_year_key" ON "budget_pools"("pack_id", "code", "year");

-- CreateIndex
CREATE INDEX "pool_reservations_application_id_idx" ON "pool_reservations"("application_id");

-- CreateIndex
CREATE INDEX "users_bureau_code_idx" ON "users"("bureau_code");

-- CreateIndex
CREATE UNIQUE INDEX "applications_reference_key" ON "applications"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "applications_workflow_id_key" ON "applications"("workflow_id");

-- CreateIndex
CREATE INDEX "applications_organisation_id_submitted_at_idx" ON "applications"("organisation_id", "submitted_at");

-- CreateIndex
CREATE UNIQUE INDEX "applications_organisation_id_idempotency_key_key" ON "applications"("organisation_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "application_events_application_id_at_idx" ON "application_events"("application_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "application_events_application_id_event_key_key" ON "application_events"("application_id", "event_key");

-- CreateIndex
CREATE INDEX "review_tasks_bureau_code_status_due_at_idx" ON "review_tasks"("bureau_code", "status", "due_at");

-- CreateIndex
CREATE INDEX "review_tasks_application_id_idx" ON "review_tasks"("application_id");

-- AddForeignKey
ALTER TABLE "policy_pack_versions" ADD CONSTRAINT "policy_pack_versions_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bureaus" ADD CONSTRAINT "bureaus_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "measures" ADD CONSTRAINT "measures_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_pools" ADD CONSTRAINT "budget_pools_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_reservations" ADD CONSTRAINT "pool_reservations_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "budget_pools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_reservations" ADD CONSTRAINT "pool_reservations_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A pool can never be over-committed, whatever the concurrency (not expressible in schema.prisma).
ALTER TABLE "budget_pools" ADD CONSTRAINT "budget_pools_reserved_within_total" CHECK ("reserved_fen" >= 0 AND "reserved_fen" <= "total_fen");
