-- AlterTable: an organisation's credit code and the evidence of its startup status
ALTER TABLE "organisations" ADD COLUMN "credit_code" TEXT,
ADD COLUMN "startup_evidence" TEXT;

-- AlterTable: the applicant organisation as received
ALTER TABLE "applications" ADD COLUMN "applicant" JSONB;

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisations_credit_code_key" ON "organisations"("credit_code");

-- CreateIndex
CREATE INDEX "audit_entries_entity_type_entity_id_at_idx" ON "audit_entries"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");

-- The audit trail is append-only, whatever the client: no row is ever changed or removed.
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();
