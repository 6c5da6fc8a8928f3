#!/usr/bin/env bash
# Add 穴水町 (Anamizu Town, 174611) to the running Noto demo with the tsunagu CLI alone, start its node, and make a
# signed query that an existing node answers. Run from the repository root while `npm start` is running.
# 穴水町をデモのフェデレーションに参加させ、ノードを起動し、既存のノードに署名付きで問い合わせます（npm start の実行中に）。
#
# Settings (environment, all optional):
#   TSUNAGU          the command                          [node bin/tsunagu.mjs]
#   DEMO_DIR         the demo's directory (TSUNAGU_DATA_DIR of npm start)   [.tsunagu/demo]
#   ANCHOR_URL       the anchor's node (消防庁)              [http://127.0.0.1:8700/]
#   ANAMIZU_DIR      where the town keeps its key, database and trust files  [.tsunagu/anamizu]
#   ANAMIZU_PORT     the town's node port                  [8790]
#   ASK              the node asked                        [jp-172022-nanao-city]
#   WAIT_SECONDS     how long to wait for the federation to learn of the town  [90]
set -euo pipefail

TSUNAGU=${TSUNAGU:-"node bin/tsunagu.mjs"}
DEMO_DIR=${DEMO_DIR:-.tsunagu/demo}
ANCHOR_DIR="$DEMO_DIR/anchor"
ANCHOR_URL=${ANCHOR_URL:-http://127.0.0.1:8700/}
ANAMIZU_DIR=${ANAMIZU_DIR:-.tsunagu/anamizu}
ANAMIZU_PORT=${ANAMIZU_PORT:-8790}
ASK=${ASK:-jp-172022-nanao-city}
WAIT_SECONDS=${WAIT_SECONDS:-90}
ID=jp-174611-anamizu-town

mkdir -p "$ANAMIZU_DIR"
export TSUNAGU_KEY_FILE="$ANAMIZU_DIR/node-key.json"

echo "== 1. 穴水町: key and signed join request / 鍵と署名付きの参加申請"
$TSUNAGU join request --id "$ID" --anchor jp-fdma --name-ja 穴水町 --name-en "Anamizu Town" \
  --role municipality --jurisdiction 174611 --node-url "http://127.0.0.1:$ANAMIZU_PORT/" --out "$ANAMIZU_DIR/join-request.json"

echo "== 2. 穴水町: send it to the anchor's node / アンカーのノードへ送信"
$TSUNAGU join send --anchor-url "$ANCHOR_URL" --request "$ANAMIZU_DIR/join-request.json"

echo "== 3. Anchor (a person): review and approve / アンカーの担当者が確認して承認"
$TSUNAGU trust requests list --dir "$ANCHOR_DIR"
$TSUNAGU trust requests approve "$ID" --dir "$ANCHOR_DIR"

echo "== 4. Anchor: issue the credential / 資格証明を発行"
$TSUNAGU trust issue "$ID" --dir "$ANCHOR_DIR" --out "$ANAMIZU_DIR/credential-issued.json"

echo "== 5. 穴水町: check and install what the anchor handed over / 受け取ったファイルを確認して配置"
$TSUNAGU join install --id "$ID" --credential "$ANAMIZU_DIR/credential-issued.json" \
  --trust-list "$ANCHOR_DIR/trust-list.json" --trust-config "$ANCHOR_DIR/trust-config.json" --dir "$ANAMIZU_DIR/trust"

echo "== 6. 穴水町: start its node / ノードを起動"
TOKEN=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
printf '%s\n' "$TOKEN" > "$ANAMIZU_DIR/operator-token"
chmod 600 "$ANAMIZU_DIR/operator-token"
TSUNAGU_NODE_ID="$ID" TSUNAGU_PORT="$ANAMIZU_PORT" TSUNAGU_DATA_DIR="$ANAMIZU_DIR/db" TSUNAGU_OPERATOR_TOKEN="$TOKEN" \
  TSUNAGU_TRUST_CONFIG_FILE="$ANAMIZU_DIR/trust/trust-config.json" TSUNAGU_TRUST_LIST_FILE="$ANAMIZU_DIR/trust/trust-list.json" \
  TSUNAGU_CREDENTIAL_FILE="$ANAMIZU_DIR/trust/credential.json" \
  $TSUNAGU serve > "$ANAMIZU_DIR/serve.log" 2>&1 &
echo $! > "$ANAMIZU_DIR/serve.pid"
for _ in $(seq 1 "$WAIT_SECONDS"); do
  curl -fsS "http://127.0.0.1:$ANAMIZU_PORT/health" > /dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$ANAMIZU_PORT/health" > /dev/null || { echo "the node did not start; see $ANAMIZU_DIR/serve.log" >&2; exit 1; }
echo "node running (pid $(cat "$ANAMIZU_DIR/serve.pid")); stop it with: kill \$(cat $ANAMIZU_DIR/serve.pid)"

echo "== 7. 穴水町 asks $ASK, signed, for a purpose / 目的を示して署名付きで問い合わせ"
# The other nodes fetch the anchor's list every 30 seconds: until then they do not know the town, and say so (signed).
for _ in $(seq 1 "$WAIT_SECONDS"); do
  if TSUNAGU_OPERATOR_TOKEN="$TOKEN" $TSUNAGU query --node-url "http://127.0.0.1:$ANAMIZU_PORT/" --to "$ASK" \
    --dataset shelters --purpose evacuation-support --limit 5; then
    exit 0
  fi
  sleep 3
done
exit 1
