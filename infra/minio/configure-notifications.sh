#!/bin/sh
# Configures MinIO for media-worker with `mc`: the watch and delivery buckets, a notification
# target (Redis in "access" format, or a webhook), and the s3:ObjectCreated:* event on the
# watch prefix. Idempotent: run it again and nothing changes.
#
#   TARGET=redis   REDIS_ADDRESS=redis:6379 REDIS_KEY=media-worker-events
#   TARGET=webhook WEBHOOK_ENDPOINT=http://worker:8081/minio/events WEBHOOK_TOKEN=...
#
# Other settings: MINIO_URL (http://127.0.0.1:9000), MINIO_ROOT_USER, MINIO_ROOT_PASSWORD,
# ALIAS (media), WATCH_BUCKET (media-watch), DESTINATION_BUCKET (media-delivery),
# WATCH_PREFIX (inputs/), TARGET_ID (media-worker), MC (mc).
set -eu

MC=${MC:-mc}
ALIAS=${ALIAS:-media}
MINIO_URL=${MINIO_URL:-http://127.0.0.1:9000}
TARGET=${TARGET:-redis}
TARGET_ID=${TARGET_ID:-media-worker}
WATCH_BUCKET=${WATCH_BUCKET:-media-watch}
DESTINATION_BUCKET=${DESTINATION_BUCKET:-media-delivery}
WATCH_PREFIX=${WATCH_PREFIX:-inputs/}
: "${MINIO_ROOT_USER:?set MINIO_ROOT_USER}"
: "${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD}"

$MC alias set "$ALIAS" "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
$MC mb --ignore-existing "$ALIAS/$WATCH_BUCKET" "$ALIAS/$DESTINATION_BUCKET"

case "$TARGET" in
    redis)
        REDIS_ADDRESS=${REDIS_ADDRESS:-redis:6379}
        REDIS_KEY=${REDIS_KEY:-media-worker-events}
        # format=access appends each event to the list (namespace would keep one entry per key).
        $MC admin config set "$ALIAS" "notify_redis:$TARGET_ID" \
            address="$REDIS_ADDRESS" key="$REDIS_KEY" format=access
        arn="arn:minio:sqs::$TARGET_ID:redis"
        ;;
    webhook)
        : "${WEBHOOK_ENDPOINT:?set WEBHOOK_ENDPOINT, e.g. http://worker:8081/minio/events}"
        : "${WEBHOOK_TOKEN:?set WEBHOOK_TOKEN (the worker's WEBHOOK_TOKEN)}"
        $MC admin config set "$ALIAS" "notify_webhook:$TARGET_ID" \
            endpoint="$WEBHOOK_ENDPOINT" auth_token="$WEBHOOK_TOKEN" queue_dir=/data/.webhook-queue
        arn="arn:minio:sqs::$TARGET_ID:webhook"
        ;;
    *)
        echo "TARGET=$TARGET: use redis or webhook" >&2
        exit 2
        ;;
esac

# A new target takes effect after a restart.
$MC admin service restart "$ALIAS" --json >/dev/null
i=0
until $MC ready "$ALIAS" >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || { echo "MinIO did not come back after the restart" >&2; exit 1; }
    sleep 1
done

# Replace media-worker's own event rule only, so it is never added twice.
$MC event rm "$ALIAS/$WATCH_BUCKET" "$arn" --event put --prefix "$WATCH_PREFIX" >/dev/null 2>&1 || true
$MC event add "$ALIAS/$WATCH_BUCKET" "$arn" --event put --prefix "$WATCH_PREFIX"
$MC event ls "$ALIAS/$WATCH_BUCKET" "$arn"
echo "media-worker: $ALIAS/$WATCH_BUCKET/$WATCH_PREFIX -> $arn -> $ALIAS/$DESTINATION_BUCKET"
