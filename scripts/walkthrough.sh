#!/usr/bin/env bash
# The README's curl walk-through as a script, against a running `npm start` (dev tokens on).
# Submits a measure-2 application, has stic claim and approve it, shows the approved case, and has the
# city treasury pay its order.
set -euo pipefail
API=${API:-http://127.0.0.1:3000}
json() { node -pe "const v = JSON.parse(require('fs').readFileSync(0)); $1"; }
token() { curl -sf -X POST "$API/auth/dev-token" -H 'content-type: application/json' -d "{\"userId\":\"$1\"}" | json v.token; }

APPLICANT=$(token applicant-lingxi)
OFFICER=$(token officer-stic)
FINANCE=$(token finance-city)
# A contract of its own per run: a second application for one contract is a possible double benefit.
RUN=$(date +%s)

CASE=$(curl -sf -X POST "$API/cases" -H "authorization: Bearer $APPLICANT" -H 'content-type: application/json' \
  -H "Idempotency-Key: walkthrough-$RUN" -d '{
  "packId": "shenzhen-ai-pioneer-2024", "measureCode": "m2", "subtypeCode": "m2",
  "form": { "projectName": "Lingxi-7B pre-training", "modelName": "Lingxi-7B", "computeProvider": "Pengcheng Cloud Brain",
            "contractNumber": "PCL-2025-0042-'"$RUN"'", "contractSignedOn": "2025-03-01", "contractAmountFen": "123456789",
            "contractDocument": "doc-contract-0042", "invoiceDocument": "doc-invoice-0042", "nationalOrProvincialFunding": false } }' \
  | json v.id)
echo "submitted case $CASE"

TASK=""
for _ in $(seq 1 50); do
  TASK=$(curl -sf "$API/cases/$CASE" -H "authorization: Bearer $OFFICER" 2>/dev/null | json "(v.tasks.find(t => t.status === 'open') || {}).id || ''" 2>/dev/null || true)
  [ -n "$TASK" ] && break
  sleep 0.2
done
[ -n "$TASK" ] || { echo "no review task appeared for $CASE" >&2; exit 1; }
echo "review task $TASK is in stic's inbox"

curl -sf -X POST "$API/tasks/$TASK/claim" -H "authorization: Bearer $OFFICER" > /dev/null
curl -sf -X POST "$API/tasks/$TASK/decision" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"decision":"approve"}' | json 'JSON.stringify(v)'

for _ in $(seq 1 50); do
  STATUS=$(curl -sf "$API/cases/$CASE" -H "authorization: Bearer $APPLICANT" | json v.status)
  [ "$STATUS" = approved ] && break
  sleep 0.2
done
curl -sf "$API/cases/$CASE" -H "authorization: Bearer $APPLICANT" \
  | json '[`status: ${v.status}`, `approved award: ${v.approvedAwardFen} fen`, ...v.award.lines.map(l => `  ${l.en}`), `timeline: ${v.timeline.map(e => e.type).join(" → ")}`].join("\n")'

ORDER=""
for _ in $(seq 1 50); do
  ORDER=$(curl -sf "$API/payment-orders?status=issued" -H "authorization: Bearer $FINANCE" | json "(v.items.find(o => o.caseId === '$CASE') || {}).orderId || ''")
  [ -n "$ORDER" ] && break
  sleep 0.2
done
[ -n "$ORDER" ] || { echo "no payment order appeared for $CASE" >&2; exit 1; }
curl -sf -X POST "$API/payment-orders/$ORDER/status" -H "authorization: Bearer $FINANCE" -H 'content-type: application/json' -d '{"status":"paid"}' > /dev/null
curl -sf "$API/cases/$CASE" -H "authorization: Bearer $APPLICANT" | json '`payment: ${v.payments.orders.map(o => `${o.funder} ${o.amountFen} fen ${o.status}`).join(", ")}`'
