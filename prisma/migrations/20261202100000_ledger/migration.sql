-- The money ledger: every movement of an award is an append-only row; pools, awards and project
-- totals are sums over it. Reservations move onto it, so their old table goes.

-- AlterEnum: treasury staff, who see and settle their treasury's payment orders.
ALTER TYPE "UserRole" ADD VALUE 'finance';

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('reserve', 'release', 'commit', 'split', 'pay', 'cancel', 'claw_back');

-- CreateEnum
CREATE TYPE "PaymentOrderStatus" AS ENUM ('issued', 'paid', 'cancelled');

-- AlterTable: the applicant has another pending or awarded case for this project and kind (no double benefit).
ALTER TABLE "applications" ADD COLUMN "double_benefit" BOOLEAN NOT NULL DEFAULT false;

-- DropTable: nothing was deployed; the ledger's reserve rows replace these.
DROP TABLE "pool_reservations";

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "entry_key" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "pool_id" TEXT,
    "budget_year" INTEGER NOT NULL,
    "funder" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "project_key" TEXT,
    "limit_keys" JSONB NOT NULL,
    "reason" TEXT,
    "detail" JSONB,
    "actor_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ledger_entries_amount_fen_check" CHECK ("amount_fen" >= 0)
);

-- CreateTable
CREATE TABLE "payment_orders" (
    "id" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "funder" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "payee_organisation_id" TEXT NOT NULL,
    "status" "PaymentOrderStatus" NOT NULL DEFAULT 'issued',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMP(3),
    "settled_by_id" TEXT,
    "cancel_reason" TEXT,

    CONSTRAINT "payment_orders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_entry_key_key" ON "ledger_entries"("entry_key");

-- CreateIndex
CREATE INDEX "ledger_entries_application_id_idx" ON "ledger_entries"("application_id");

-- CreateIndex
CREATE INDEX "ledger_entries_pool_id_idx" ON "ledger_entries"("pool_id");

-- CreateIndex
CREATE INDEX "ledger_entries_project_key_idx" ON "ledger_entries"("project_key");

-- CreateIndex
CREATE UNIQUE INDEX "payment_orders_application_id_funder_key" ON "payment_orders"("application_id", "funder");

-- CreateIndex
CREATE INDEX "payment_orders_funder_status_idx" ON "payment_orders"("funder", "status");

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "budget_pools"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_payee_organisation_id_fkey" FOREIGN KEY ("payee_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only: the database itself refuses to change or remove a ledger row, whoever asks.
CREATE FUNCTION "ledger_entries_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "ledger_entries_no_update_delete" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_append_only"();

CREATE TRIGGER "ledger_entries_no_truncate" BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entries_append_only"();
