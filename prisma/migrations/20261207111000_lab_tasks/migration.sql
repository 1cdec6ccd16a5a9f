-- AlterTable: a key lab's evaluation task names its lab, so a lab registered without a designating case
-- (designated before the system ran) has its evaluations in the evaluating bureau's inbox like any other.
-- A task belongs to a case, to a lab, or to both (a designated lab's evaluation keeps its case, whose
-- file the officer reads).
ALTER TABLE "review_tasks" ALTER COLUMN "application_id" DROP NOT NULL;
ALTER TABLE "review_tasks" ADD COLUMN "lab_id" TEXT;

-- Backfill: a designated lab's evaluation tasks name the lab its case designated.
UPDATE "review_tasks" AS t
SET "lab_id" = k."id"
FROM "key_labs" AS k
WHERE k."case_id" = t."application_id" AND t."stage" LIKE 'lab-evaluation-%';

-- Backfill: a registered lab's evaluations held here so far were kept on the lab alone; they become its
-- tasks. Those graded before registration (no grader) were never a task of this system.
INSERT INTO "review_tasks" ("id", "lab_id", "bureau_code", "stage", "status", "created_at", "due_at", "decision", "comment", "completed_at", "completed_by_id")
SELECT e->>'taskId', k."id", k."bureau_code", 'lab-evaluation-' || (e->>'cycle'),
       (CASE WHEN e->>'grade' IS NULL THEN 'open' ELSE 'completed' END)::"TaskStatus",
       (e->>'openedAt')::timestamptz AT TIME ZONE 'UTC', (e->>'taskDueAt')::timestamptz AT TIME ZONE 'UTC',
       e->>'grade', e->>'comment', (e->>'gradedAt')::timestamptz AT TIME ZONE 'UTC', e->>'gradedById'
FROM "key_labs" AS k, jsonb_array_elements(k."evaluations") AS e
WHERE k."case_id" IS NULL AND (e->>'grade' IS NULL OR e->>'gradedById' IS NOT NULL)
ON CONFLICT ("id") DO NOTHING;

ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_case_or_lab" CHECK ("application_id" IS NOT NULL OR "lab_id" IS NOT NULL);

-- CreateIndex
CREATE INDEX "review_tasks_lab_id_idx" ON "review_tasks"("lab_id");

-- AddForeignKey
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_lab_id_fkey" FOREIGN KEY ("lab_id") REFERENCES "key_labs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
