-- The inbox orders a bureau's tasks by due date, creation and id: all three in the index, so paging
-- reads in index order instead of sorting every open task of the bureau.
-- DropIndex
DROP INDEX "review_tasks_bureau_code_status_due_at_idx";

-- CreateIndex
CREATE INDEX "review_tasks_bureau_code_status_due_at_created_at_id_idx" ON "review_tasks"("bureau_code", "status", "due_at", "created_at", "id");
