-- AlterTable: the case transition that last wrote a task row (CaseChange.rev). The workflow and, for a
-- claim, the API both write a case's rows, and either may arrive late: a row is written only over an
-- older one. Rows written before have none and take any write.
ALTER TABLE "review_tasks" ADD COLUMN "rev" INTEGER;
