#!/usr/bin/env bash
# Quick start, command line: bind a card with LianLian (apply, then confirm with the SMS code),
# with `cardbind` (bindings/cli), jq and curl. Run from the repository root against the mock
# LianLian (scripts/mock-provider.sh):
#   LIANLIAN_BASE_URL=http://127.0.0.1:8618 examples/quickstart/cli/quickstart.sh
# It uses the `cardbind` on PATH, else builds and runs the workspace's. The README shows the part
# between the quickstart markers; scripts/test-quickstarts.sh runs it.
set -euo pipefail
if ! command -v cardbind >/dev/null; then
  cargo build --quiet --locked -p cardbind-cli
  PATH="${CARGO_TARGET_DIR:-target}/debug:$PATH"
fi

# quickstart:begin
KEYS=spec/vectors/keys  # TEST keys, public in this repository: never for real traffic
# base_url: the mock or LianLian's test environment; for production, environment: "production"
# instead (https://mpayapi.lianlianpay.com/v1). One of the two is required.
config=$(jq -n --arg url "$LIANLIAN_BASE_URL" --rawfile ours $KEYS/test-rsa-1024-private-pkcs8.pem \
  --rawfile theirs $KEYS/test-rsa-2048-public-spki.pem \
  '{oid_partner: "201408071000001543", sign_type: "RSA", our_private_key: $ours,
    their_public_key: $theirs, base_url: $url}')

call() { # OPERATION, fields (JSON) on stdin: encode, send with curl, decode the reply (JSON)
  local wire headers
  wire=$(cardbind encode --json --show-pii lianlian "$1" --config <(echo "$config"))
  mapfile -t headers < <(jq -r '.headers[] | "-H", "\(.[0]): \(.[1])"' <<<"$wire")
  jq -j .body <<<"$wire" | curl -sS --fail "${headers[@]}" --data-binary @- "$(jq -r .url <<<"$wire")" |
    cardbind decode --json lianlian --operation "$1" --config <(echo "$config") --raw-body
}

applied=$(call bankcardbind <<'EOF'
{"user_id": "2013051500001", "card_no": "6222022005001212726", "bind_mob": "13800138000",
 "acct_name": "张三", "id_type": "0", "id_no": "11010519491231002X", "pay_type": "2",
 "risk_item": "{\"frms_ware_category\":\"2009\",\"user_info_mercht_userno\":\"2013051500001\"}"}
EOF
)
echo "apply: $(jq -r '.outcome | "\(.status) \(.confirm_token)"' <<<"$applied")"

confirmed=$(jq '{user_id: .fields.user_id, token: .outcome.confirm_token, verify_code: "123456"}' \
  <<<"$applied" | call bankcardbindverfy)  # 123456: the SMS code the user typed
echo "confirm: $(jq -r '.outcome | "\(.status) \(.provider_code)"' <<<"$confirmed")"
# quickstart:end
