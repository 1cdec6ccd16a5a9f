-- AlterTable: the case read model. The case machine's state after its latest transition, written in the
-- same transaction as that transition's events and tasks, and the version of its shape. Nothing has been
-- deployed, so no row needs a backfill; a case is given its initial state when it is received.
ALTER TABLE "applications" ADD COLUMN "state" JSONB,
ADD COLUMN "state_version" INTEGER;
