#!/usr/bin/env bash
# Schema-driven fuzzing of a running API with schemathesis (PyPI, pinned): every operation of the
# OpenAPI document, with generated valid and invalid inputs, as each role. Fails on any 5xx and on
# any status code the document does not list for the operation.
#
#   npm start                         # in another terminal: the stack with dev tokens on
#   bash scripts/fuzz-openapi.sh      # API=http://127.0.0.1:3000 MAX_EXAMPLES=50 by default
#
# It writes through the API like any client (valid submissions become cases): run it against a
# development stack, never a deployment. schemathesis is installed once into a versioned folder of
# .tools/ (a virtual environment), so nothing downloads on later runs.
set -euo pipefail

VERSION=4.32.5
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.tools/fuzz/schemathesis-$VERSION"
API="${API:-http://127.0.0.1:3000}"
MAX_EXAMPLES="${MAX_EXAMPLES:-50}"
PYTHON="${PYTHON:-python3}"

if [ ! -f "$VENV/.installed" ]; then
  echo "[fuzz] installing schemathesis==$VERSION into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$VERSION"
  touch "$VENV/.installed"
fi

curl -sf "$API/health" >/dev/null || { echo "[fuzz] no API at $API (start it with npm start)" >&2; exit 2; }

token() {
  curl -sf -X POST "$API/auth/dev-token" -H 'content-type: application/json' -d "{\"userId\":\"$1\"}" \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

status=0
for user in ${FUZZ_USERS:-applicant-lingxi officer-stic supervisor-stic finance-city admin}; do
  TOKEN="$(token "$user")" || { echo "[fuzz] no dev token for $user (DEV_TOKENS must be on)" >&2; exit 2; }
  echo "[fuzz] as $user"
  "$VENV/bin/schemathesis" run "$API/docs/openapi.json" \
    --url "$API" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance \
    --max-examples "$MAX_EXAMPLES" \
    --exclude-path /auth/dev-token \
    --no-color || status=1
done
exit $status
