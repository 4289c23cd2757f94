#!/usr/bin/env bash
# LocalStack ready hook: the watch and delivery buckets, the queue with its dead-letter queue
# and redrive policy, the queue policy, and the bucket notification (s3:ObjectCreated:* on
# inputs/). Idempotent: run it again and nothing changes.
#
# Inside LocalStack (mounted into /etc/localstack/init/ready.d) it uses awslocal. On a host,
# set AWS_CMD, e.g. AWS_CMD="aws --endpoint-url http://127.0.0.1:4566".
# Names: WATCH_BUCKET, DESTINATION_BUCKET, QUEUE_NAME, MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT, WATCH_PREFIX.
set -euo pipefail
AWS=${AWS_CMD:-awslocal}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}
WATCH_BUCKET=${WATCH_BUCKET:-media-watch}
DESTINATION_BUCKET=${DESTINATION_BUCKET:-media-delivery}
QUEUE_NAME=${QUEUE_NAME:-media-worker}
MAX_RECEIVE_COUNT=${MAX_RECEIVE_COUNT:-3}
VISIBILITY_TIMEOUT=${VISIBILITY_TIMEOUT:-300}
WATCH_PREFIX=${WATCH_PREFIX:-inputs/}

for bucket in "$WATCH_BUCKET" "$DESTINATION_BUCKET"; do
    $AWS s3api head-bucket --bucket "$bucket" >/dev/null 2>&1 || $AWS s3api create-bucket --bucket "$bucket" >/dev/null
done

dlq_url=$($AWS sqs create-queue --queue-name "$QUEUE_NAME-dlq" --query QueueUrl --output text)
dlq_arn=$($AWS sqs get-queue-attributes --queue-url "$dlq_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)
queue_url=$($AWS sqs create-queue --queue-name "$QUEUE_NAME" --query QueueUrl --output text)
queue_arn=$($AWS sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)

attributes=$(mktemp)
trap 'rm -f "$attributes"' EXIT
python3 - "$dlq_arn" "$MAX_RECEIVE_COUNT" "$VISIBILITY_TIMEOUT" "$queue_arn" "$WATCH_BUCKET" > "$attributes" <<'PY'
import json, sys
dlq_arn, max_receive, visibility, queue_arn, bucket = sys.argv[1:]
policy = {"Version": "2012-10-17", "Statement": [{
    "Sid": "WatchBucketSends", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
    "Action": "sqs:SendMessage", "Resource": queue_arn,
    "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}}}]}
print(json.dumps({
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": int(max_receive)}),
    "VisibilityTimeout": visibility,
    "Policy": json.dumps(policy),
}))
PY
$AWS sqs set-queue-attributes --queue-url "$queue_url" --attributes "file://$attributes"

$AWS s3api put-bucket-notification-configuration --bucket "$WATCH_BUCKET" --notification-configuration "{
  \"QueueConfigurations\": [{
    \"Id\": \"media-worker-inputs\", \"QueueArn\": \"$queue_arn\", \"Events\": [\"s3:ObjectCreated:*\"],
    \"Filter\": {\"Key\": {\"FilterRules\": [{\"Name\": \"prefix\", \"Value\": \"$WATCH_PREFIX\"}]}}
  }]
}"
echo "media-worker: s3://$WATCH_BUCKET/$WATCH_PREFIX -> $queue_url (dead letters: $dlq_url after $MAX_RECEIVE_COUNT receives) -> s3://$DESTINATION_BUCKET"
