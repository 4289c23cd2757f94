#!/usr/bin/env bash
# make console: the operator console on demo data. S3 and SQS from LocalStack when a Python
# 3.12+ for it is here, else moto (as scripts/demo.sh chooses); `media-worker setup`; a worker
# (`media-worker run` with CONSOLE_LISTEN, so one process serves both); a clip, captions and a
# corrupt file uploaded; a demo account (demo / demo-password, role operator) in a users file.
# Open http://127.0.0.1:${CONSOLE_PORT:-8090}/ and sign in; Ctrl-C stops everything.
# Plain HTTP on loopback: the cookie's Secure flag is off (CONSOLE_INSECURE_COOKIE=true),
# which the console allows on a loopback address only.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${MEDIA_WORKER_VENV:-$PWD/.venv}
LOCALSTACK_VENV=${MEDIA_WORKER_LOCALSTACK_VENV:-$PWD/.venv-localstack}
BIN=.build/debug/media-worker
WORK=$(mktemp -d)
CONSOLE_PORT=${CONSOLE_PORT:-8090}
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ENDPOINT=http://127.0.0.1:$PORT

cleanup() {
    for pid in ${WORKER_PID:-} ${SERVER_PID:-}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

BACKEND=moto
if [ -x "$LOCALSTACK_VENV/bin/python" ]; then BACKEND=localstack; fi
if [ "$BACKEND" = localstack ]; then
    GATEWAY_LISTEN=127.0.0.1:$PORT SERVICES=s3,sqs,sns SQS_ENDPOINT_STRATEGY=path S3_SKIP_SIGNATURE_VALIDATION=0 \
        LOCALSTACK_VOLUME_DIR="$WORK/localstack" FILESYSTEM_ROOT="$WORK/localstack" \
        "$LOCALSTACK_VENV/bin/python" -m localstack.runtime.main >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    READY=$ENDPOINT/_localstack/health
else
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    READY=$ENDPOINT/moto-api/
fi
for _ in $(seq 600); do curl -sf -o /dev/null "$READY" && break; sleep 0.1; done
curl -sf -o /dev/null "$READY" || { tail -20 "$WORK/server.log"; exit 1; }
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$ENDPOINT AWS_EC2_METADATA_DISABLED=true
"$BIN" setup --watch-bucket console-watch --destination-bucket console-delivery --queue-name console-media > "$WORK/env.sh"
. "$WORK/env.sh"

ffmpeg -loglevel error -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440 \
    -t 6 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -movflags +faststart "$WORK/sample clip.mp4"
printf '1\n00:00:01,000 --> 00:00:04,000\nA test pattern.\n' > "$WORK/sample clip.srt"
head -c 100000 /dev/urandom > "$WORK/corrupt.mp4"

printf 'demo:operator:%s\n' "$(printf 'demo-password\n' | "$BIN" console --hash-password)" > "$WORK/users"
export CONSOLE_LISTEN=127.0.0.1:$CONSOLE_PORT CONSOLE_USERS_FILE=$WORK/users CONSOLE_INSECURE_COOKIE=true
QUEUE_WAIT_SECONDS=2 WORK_DIR="$WORK/work" "$BIN" run &
WORKER_PID=$!
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$CONSOLE_PORT/login" && break; sleep 0.2; done

"$BIN" upload "$WORK/sample clip.mp4" "s3://console-watch/inputs/demo/sample clip.mp4"
"$BIN" upload "$WORK/sample clip.srt" "s3://console-watch/inputs/demo/sample clip.srt"
"$BIN" upload "$WORK/corrupt.mp4" "s3://console-watch/inputs/demo/corrupt.mp4"

cat <<TEXT

The operator console runs on demo data ($BACKEND on $ENDPOINT, one worker):
    open http://127.0.0.1:$CONSOLE_PORT/ and sign in as demo / demo-password (role operator)
Ctrl-C stops the console, the worker and $BACKEND.
TEXT
wait "$WORKER_PID"
