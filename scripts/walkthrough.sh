#!/usr/bin/env bash
# The README's curl walk-through as a script, against a running `npm start` (dev tokens on). It works
# on any date, never by faking the clock: it shows the Shenzhen policy's intake status (closed from
# 2026-12-18 00:00 Asia/Shanghai) and runs its case under the Nantong policy, in force until 2028:
# a measure-n2 compute-usage subsidy, reviewed by Nantong's science bureau and the applicant's
# district, approved, shown to the applicant, and its city payment order paid by the city treasury.
set -euo pipefail
API=${API:-http://127.0.0.1:3000}
json() { node -pe "const v = JSON.parse(require('fs').readFileSync(0)); $1"; }
token() { curl -sf -X POST "$API/auth/dev-token" -H 'content-type: application/json' -d "{\"userId\":\"$1\"}" | json v.token; }

for PACK in shenzhen-ai-pioneer-2024 nantong-general-ai-2024; do
  curl -sf "$API/catalog/packs/$PACK/status" | json '`${v.packId}: ${v.state}\n  ${v.message.en}\n  ${v.message.zh}`'
done

APPLICANT=$(token applicant-nt-zone)   # an enterprise in Nantong's Innovation Zone
FINANCE=$(token finance-nantong-city)   # the Nantong city treasury: the case is Nantong's
# A contract of its own per run: a second application for one contract is a possible double benefit.
RUN=$(date +%s)

# The form's document fields name files the applicant uploaded first (PDF, PNG or JPEG; the body is the file).
upload() { printf '%%PDF-1.4\n%% %s\n%%%%EOF\n' "$1" | curl -sf -X POST "$API/documents?name=$1.pdf" -H "authorization: Bearer $APPLICANT" \
  -H 'content-type: application/pdf' --data-binary @- | json v.id; }
INVOICE=$(upload invoice)

CASE=$(curl -sf -X POST "$API/cases" -H "authorization: Bearer $APPLICANT" -H 'content-type: application/json' \
  -H "Idempotency-Key: walkthrough-$RUN" -d '{
  "packId": "nantong-general-ai-2024", "measureCode": "n2", "subtypeCode": "n2",
  "form": { "computeContractNumber": "NT-SL-2025-007-'"$RUN"'", "platformName": "南通公共算力服务平台", "viaPublicPlatform": true,
            "usageYear": 2025, "actualComputeCostFen": "300000001", "invoiceDocument": "'"$INVOICE"'" } }' \
  | json v.id)
echo "submitted case $CASE"

# Each open task is approved by an officer of its bureau (officer-<bureau code, ':' as '-'>), stage by stage.
DONE=" "
for _ in $(seq 1 150); do
  VIEW=$(curl -sf "$API/cases/$CASE" -H "authorization: Bearer $APPLICANT")
  STATUS=$(echo "$VIEW" | json v.status)
  case "$STATUS" in approved | rejected | refused | withdrawn | lapsed) break ;; esac
  for T in $(echo "$VIEW" | json "v.tasks.filter(t => t.status === 'open').map(t => t.id + '@' + t.bureauCode + '@' + t.stage).join(' ')"); do
    ID=${T%%@*}
    REST=${T#*@}
    BUREAU=${REST%%@*}
    case "$DONE" in *" $ID "*) continue ;; esac
    OFFICER=$(token "officer-${BUREAU//:/-}")
    curl -sf -X POST "$API/tasks/$ID/claim" -H "authorization: Bearer $OFFICER" > /dev/null
    curl -sf -X POST "$API/tasks/$ID/decision" -H "authorization: Bearer $OFFICER" -H 'content-type: application/json' -d '{"decision":"approve"}' \
      | json "'${BUREAU} (${REST#*@}): ' + JSON.stringify(v)"
    DONE="$DONE$ID "
  done
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
