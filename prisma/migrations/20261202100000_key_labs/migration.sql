-- CreateTable: the projection of each key lab's lifecycle workflow (lab:<id>), which alone writes it.
CREATE TABLE "key_labs" (
    "id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "pack_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "bureau_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "approved_on" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "next_evaluation_on" DATE,
    "ended_at" TIMESTAMP(3),
    "ended_reason" JSONB,
    "evaluations" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "key_labs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "key_labs_case_id_key" ON "key_labs"("case_id");

-- CreateIndex
CREATE INDEX "key_labs_organisation_id_idx" ON "key_labs"("organisation_id");
