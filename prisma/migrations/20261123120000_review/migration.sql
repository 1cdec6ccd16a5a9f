-- AlterTable
ALTER TABLE "review_tasks" ADD COLUMN     "amount_fen" BIGINT,
ADD COLUMN     "claimed_at" TIMESTAMP(3),
ADD COLUMN     "escalated_at" TIMESTAMP(3),
ADD COLUMN     "override_reason" TEXT,
ADD COLUMN     "questions" JSONB,
ADD COLUMN     "reminded_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "conflict_declarations" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declared_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conflict_declarations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conflict_declarations_user_id_organisation_id_key" ON "conflict_declarations"("user_id", "organisation_id");

-- CreateIndex
CREATE INDEX "review_tasks_assignee_id_idx" ON "review_tasks"("assignee_id");

-- AddForeignKey
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
