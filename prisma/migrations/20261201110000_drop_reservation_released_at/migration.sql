-- AlterTable: nothing releases a reservation, so nothing ever set it.
ALTER TABLE "pool_reservations" DROP COLUMN "released_at";
