-- CreateIndex: limit totals find their ledger entries by key (`limit_keys ?| keys`) instead of
-- unnesting every entry's keys, a scan of the whole ledger for every assessment and approval.
CREATE INDEX "ledger_entries_limit_keys_idx" ON "ledger_entries" USING GIN ("limit_keys");
