#!/usr/bin/env bash
# The demo: S3, SQS and SNS on this machine, from LocalStack when a Python 3.12+ for it can be
# found (scripts/find-python-for-localstack.sh) and from moto's server otherwise, on
# Debian's Python (DEMO_BACKEND=localstack or moto chooses); `media-worker setup` makes the
# buckets, the queue with its dead-letter queue and the bucket notification; a clip, an
# MP3, captions and a plupload partial are uploaded; `media-worker run --drain` delivers
# them and exits; the delivery bucket and the metadata JSON are shown. Then presigned URLs,
# probing from S3, template validation, a MediaConvert plan and the local `process` command.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${MEDIA_WORKER_VENV:-$PWD/.venv}
LOCALSTACK_VENV=${MEDIA_WORKER_LOCALSTACK_VENV:-$PWD/.venv-localstack}
BIN=.build/debug/media-worker
WORK=$(mktemp -d)
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ENDPOINT=http://127.0.0.1:$PORT

BACKEND=${DEMO_BACKEND:-auto}
if [ "$BACKEND" = auto ]; then
    BACKEND=moto
    # LocalStack when a Python for it is here (uv's download is not tried for the demo).
    if FIND_PYTHON_NO_UV=1 bash scripts/find-python-for-localstack.sh >/dev/null 2>&1; then
        FIND_PYTHON_NO_UV=1 CI=false bash scripts/localstack-venv.sh "$LOCALSTACK_VENV" >&2 && [ -x "$LOCALSTACK_VENV/bin/python" ] && BACKEND=localstack
    fi
elif [ "$BACKEND" = localstack ]; then
    CI=true bash scripts/localstack-venv.sh "$LOCALSTACK_VENV" >&2
fi
case $BACKEND in localstack | moto) ;; *) echo "DEMO_BACKEND must be auto, localstack or moto, not $BACKEND" >&2; exit 2 ;; esac

cleanup() {
    if [ -n "${SERVER_PID:-}" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n==> %s\n' "$*"; }

if [ "$BACKEND" = localstack ]; then
    step "Starting LocalStack (S3, SQS, SNS) on $ENDPOINT, checking presigned URLs"
    GATEWAY_LISTEN=127.0.0.1:$PORT SERVICES=s3,sqs,sns SQS_ENDPOINT_STRATEGY=path S3_SKIP_SIGNATURE_VALIDATION=0 \
        LOCALSTACK_VOLUME_DIR="$WORK/localstack" FILESYSTEM_ROOT="$WORK/localstack" \
        "$LOCALSTACK_VENV/bin/python" -m localstack.runtime.main >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    READY=$ENDPOINT/_localstack/health
else
    step "Starting moto's server (S3, SQS, SNS) on $ENDPOINT (no Python 3.12+ for LocalStack here: make doctor says how to get one)"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    READY=$ENDPOINT/moto-api/
fi
for _ in $(seq 600); do curl -sf -o /dev/null "$READY" && break; sleep 0.1; done
curl -sf -o /dev/null "$READY" || { tail -20 "$WORK/server.log"; exit 1; }
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$ENDPOINT AWS_EC2_METADATA_DISABLED=true
echo "ready ($BACKEND)"

step "media-worker setup: watch and delivery buckets, the queue and its dead-letter queue, the bucket notification"
"$BIN" setup --watch-bucket demo-watch --destination-bucket demo-delivery --queue-name demo-media > "$WORK/env.sh"
cat "$WORK/env.sh"
. "$WORK/env.sh"

step "Making a 10-second 720p sample clip, an MP3 and captions with ffmpeg; uploading them with media-worker upload"
ffmpeg -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
    -t 10 -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -movflags +faststart "$WORK/sample clip.mp4"
ffmpeg -loglevel error -f lavfi -i sine=frequency=660:duration=5 -c:a libmp3lame -b:a 128k "$WORK/jingle.mp3"
printf '1\n00:00:01,000 --> 00:00:04,000\nA test pattern.\n\n2\n00:00:05,000 --> 00:00:09,500\nAnd a 440 Hz tone.\n' > "$WORK/sample clip.srt"
head -c 4096 /dev/urandom > "$WORK/part"
"$BIN" upload "$WORK/sample clip.mp4" "s3://demo-watch/inputs/demo/sample clip.mp4"
"$BIN" upload "$WORK/jingle.mp3" "s3://demo-watch/inputs/demo/jingle.mp3"
"$BIN" upload "$WORK/sample clip.srt" "s3://demo-watch/inputs/demo/sample clip.srt"
"$BIN" upload "$WORK/part" "s3://demo-watch/inputs/demo/next.mp4.CHUNK0"

step "media-worker run --drain: consume the notifications, deliver, exit when the queue is empty"
QUEUE_WAIT_SECONDS=2 WORK_DIR="$WORK/work" "$BIN" run --drain 2>&1 | sed 's/^[^ ]* //'

step "The delivery bucket"
"$BIN" ls --recursive s3://demo-delivery/

step "json/demo/sample clip.json (the media probe left out)"
"$BIN" download "s3://demo-delivery/json/demo/sample clip.json" "$WORK/metadata.json" >/dev/null
"$VENV/bin/python" - "$WORK/metadata.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
report.pop("media", None)
print(json.dumps(report, indent=2, ensure_ascii=False))
PY
for rung in 720p 480p 360p; do
    "$BIN" download "s3://demo-delivery/audiovideo/demo/sample clip_$rung.mp4" "$WORK/r_$rung.mp4" >/dev/null
    printf 'audiovideo/demo/sample clip_%s.mp4: ' "$rung"
    ffprobe -v error -show_entries stream=codec_name,width,height:format=duration -of csv=p=0 "$WORK/r_$rung.mp4" | paste -sd' '
done

step "media-worker presign \"s3://demo-watch/inputs/demo/sample clip.mp4\" --expires 600"
URL=$("$BIN" presign "s3://demo-watch/inputs/demo/sample clip.mp4" --expires 600)
echo "$URL"

step "Fetching it with plain curl (no credentials)"
curl -sf -o "$WORK/fetched.mp4" "$URL"
(cd "$WORK" && sha256sum "sample clip.mp4" fetched.mp4)
cmp -s "$WORK/sample clip.mp4" "$WORK/fetched.mp4" && echo "identical: the presigned URL worked"
ffprobe -v error -show_entries format=duration:stream=codec_name,width,height -of compact "$WORK/fetched.mp4"

if [ "$BACKEND" = localstack ]; then
    step "The same URL with its expiry changed, and a URL signed with the wrong secret, are refused"
    curl -s -o /dev/null -w "tampered:     HTTP %{http_code}\n" "${URL/X-Amz-Expires=600/X-Amz-Expires=601}"
    BAD=$(AWS_SECRET_ACCESS_KEY=wrong "$BIN" presign "s3://demo-watch/inputs/demo/sample clip.mp4" --expires 600)
    curl -s -o /dev/null -w "wrong secret: HTTP %{http_code}\n" "$BAD"
else
    step "A tampered URL and a wrong secret: not shown on moto, which does not check presigned signatures (LocalStack refuses both with HTTP 403; make test checks it there)"
fi

step "media-worker probe \"s3://demo-watch/inputs/demo/sample clip.mp4\" (read with ranged GETs)"
"$BIN" probe "s3://demo-watch/inputs/demo/sample clip.mp4" > "$WORK/probe.json"
"$VENV/bin/python" - "$WORK/probe.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
v, a = m["video"][0], m["audio"][0]
print("kind %s, %s s, video %s %dx%d %s fps, audio %s %d Hz %s" % (m["kind"], m["container"]["duration"], v["codec"], v["width"], v["height"],
      v["avg_frame_rate"], a["codec"], a["sample_rate"], a.get("channel_layout", "")))
PY

step "media-worker validate-templates job-templates"
"$BIN" validate-templates job-templates

step "media-worker plan: the MediaConvert CreateJob request for the uploaded clip (first lines)"
MEDIACONVERT_ROLE_ARN=arn:aws:iam::000000000000:role/MediaConvertRole DELIVERY_BUCKET=demo-delivery \
    "$BIN" plan "s3://demo-watch/inputs/demo/sample clip.mp4" --pretty > "$WORK/plan.json"
head -n 12 "$WORK/plan.json"; echo "  ... ($(wc -l < "$WORK/plan.json") lines)"

step "media-worker process --template job-templates/job.json: the whole pipeline on the downloaded clip, delivered to a directory"
"$BIN" process "$WORK/fetched.mp4" --key "inputs/sample clip.mp4" --output-dir "$WORK/delivery" --template job-templates/job.json
(cd "$WORK/delivery" && find . -type f | sort)
for f in "$WORK"/delivery/audiovideo/*.mp4; do
    printf '%s: ' "$(basename "$f")"; ffprobe -v error -show_entries stream=codec_name,width,height:format=duration -of csv=p=0 "$f" | paste -sd' '
done
"$VENV/bin/python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("json/sample clip.json: status", r["status"], "with", len(r["outputs"]), "outputs")' "$WORK/delivery/json/sample clip.json"
step "media-worker shorts: a vertical short cut from a generated 40-second programme (moments, virtual camera, subtitles, loudness)"
ffmpeg -nostdin -y -loglevel error \
    -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=20" -f lavfi -i "color=c=0x303030:size=1280x720:rate=25:duration=20" \
    -f lavfi -i "color=c=white:size=90x90:rate=25:duration=20" -f lavfi -i "sine=frequency=500:sample_rate=48000:duration=40" \
    -filter_complex "[1][2]overlay=x='60+t*50':y=300:shortest=1[m];[0][m]concat=n=2:v=1:a=0[v];[3]volume='if(between(t,24,34),0.5,0.05)':eval=frame[a]" \
    -map "[v]" -map "[a]" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac "$WORK/episode.mp4"
printf '1\n00:00:25,000 --> 00:00:28,000\nThis is where the programme gets loud.\n\n2\n00:00:29,000 --> 00:00:32,000\nAnd the box keeps moving right.\n\n' > "$WORK/episode.srt"
python3 - "$WORK/shorts.json" <<'PY'
import json, sys
template = json.load(open("job-templates/shorts.json"))
template["MediaWorkerShorts"].update({"Count": 1, "MinDuration": 8, "MaxDuration": 15})
json.dump(template, open(sys.argv[1], "w"))
PY
# The template's watermark is an S3 image (the worker fetches it); here a local one stands in.
ffmpeg -nostdin -y -loglevel error -f lavfi -i "color=c=0xffcc00:size=160x60,format=rgba" -frames:v 1 "$WORK/watermark.png"
"$BIN" shorts "$WORK/episode.mp4" --output-dir "$WORK/shorts" --template "$WORK/shorts.json" --watermark "$WORK/watermark.png"
for f in "$WORK"/shorts/shorts/*.mp4; do
    printf '%s: ' "$(basename "$f")"; ffprobe -v error -show_entries stream=codec_name,width,height:format=duration -of csv=p=0 "$f" | paste -sd' '
done
echo
echo "Demo done."
