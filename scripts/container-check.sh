#!/usr/bin/env bash
# The container proven without an engine: infra/docker/Dockerfile carried out by hand.
#   1. the build stage's `swift build` (read from the Dockerfile) in this work tree, then the
#      commands after it in that RUN (STAGE: the binary and the console's resource bundle put
#      in /out/), verbatim through /bin/sh -c with /out/ as $CONTAINER_DIR/run/out/;
#   2. the runtime stage's file system: `debootstrap --variant=minbase bookworm` (what
#      debian:bookworm-slim is made from; kept as a base, copied afresh every run) from the
#      mirror this machine's apt uses, then the runtime stage's instructions in order, as
#      `check_infra.py dockerfile-runtime` reads them: each RUN verbatim with chroot's
#      /bin/sh -c (apt-get install of the Dockerfile's package list, the user and /work),
#      each COPY with Docker's rules (--from=build: from step 1's /out/, the binary and the
#      console's bundle into /usr/local/bin/; job-templates), ENV, USER, WORKDIR;
#   3. in that root, as the image's USER with exactly its ENV and WORKDIR (chroot, then the
#      root's setpriv; /proc, a minimal /dev and a read-only /sys mounted; a network namespace
#      of its own, so HTTP_LISTEN=0.0.0.0:8080 is the image's): ENTRYPOINT --version;
#      ENTRYPOINT setup against moto's server (run from .venv inside that namespace);
#      ENTRYPOINT + CMD (`run`) with the queue as `docker run -e` would give it; the HEALTHCHECK
#      CMD verbatim until healthy; a clip uploaded and delivered by the running worker; the
#      worker stopped with STOPSIGNAL (exit 0); ENTRYPOINT console with a demo account
#      (CONSOLE_USERS, the hash from `console --hash-password`): GET /login the sign-in page,
#      GET /static/console.js the repository's file, sign-in and /jobs listing the delivered
#      clip, then SIGTERM to its PID (exit 0); then `process` on a clip, its outputs checked
#      with ffprobe from the host;
#   4. a manifest of what ran ($CONTAINER_DIR/manifest.json: packages and versions, the user,
#      the running worker's uid/gid/environment/cwd/exe/argv from /proc, the binary and its
#      --version, the resource bundles beside it, the console's uid/gid/exe/argv, every step
#      with its exit code and seconds), compared with the Dockerfile by
#      `check_infra.py container-manifest`.
# Prints each step with its exit code and seconds; exits 1 when a step fails or the manifest
# does not match the Dockerfile. Needs root (debootstrap, chroot, mount, unshare).
# Environment: CONTAINER_DIR (default /var/tmp/media-worker-container), MEDIA_WORKER_VENV.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${CONTAINER_DIR:-/var/tmp/media-worker-container}
base=$dir/base
root=$dir/root
run=$dir/run
manifest=$dir/manifest.json
venv=${MEDIA_WORKER_VENV:-$repo/.venv}
python=$venv/bin/python
check_infra=$repo/Tests/Helpers/check_infra.py
[ "$(id -u)" = 0 ] || { echo "container-check: needs root (debootstrap, chroot, mount, unshare)"; exit 1; }
[ -x "$python" ] && [ -x "$venv/bin/moto_server" ] || { echo "container-check: $python or $venv/bin/moto_server is missing: run make deps-python"; exit 1; }
case $root in "$repo"/*) echo "container-check: $root is inside the repository (set CONTAINER_DIR elsewhere)"; exit 1 ;; esac
for tool in ffmpeg ffprobe curl unshare setpriv; do
    command -v "$tool" >/dev/null || { echo "container-check: $tool is missing (make deps-system installs ffmpeg and curl; util-linux has unshare and setpriv)"; exit 1; }
done
mkdir -p "$dir"

# The mirror apt uses here (deb822 .sources first, then sources.list), as scripts/clean-root.sh.
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null)
mirror=${mirror:-http://deb.debian.org/debian}

mounts=()
cleanup() {
    # A signal during the cleanup (timeout's TERM as the run ends) must not cut it short.
    trap '' TERM INT
    # What still runs in the root (a worker a failed step left), and moto's server, are this run's.
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
    done
    [ -f "$run/moto.pid" ] && kill "$(cat "$run/moto.pid")" 2>/dev/null || true
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# ---- steps: each timed, printed and recorded (name, exit, seconds, command, detail) ---------
steps_file=$run/steps.txt
failed=0
record() { # NAME EXIT SECONDS COMMAND DETAIL [ARGV...]
    local name=$1 rc=$2 seconds=$3 command=$4 detail=$5
    shift 5
    detail=$(printf '%s' "$detail" | tr -s '\n\r\037\013\014' ' ' | cut -c1-600)
    printf '%s\037%s\037%s\037%s\037%s' "$name" "$rc" "$seconds" "$command" "$detail" >> "$steps_file"
    for word in "$@"; do printf '\037%s' "$word" >> "$steps_file"; done
    printf '\n' >> "$steps_file"
    printf 'container-check: %-12s exit %-3s %4s s  %s\n' "$name" "$rc" "$seconds" "$(printf '%s' "$command" | cut -c1-110)"
    [ "$rc" = 0 ] || { failed=1; printf '  %s\n' "$detail"; }
}
# step NAME COMMAND-TEXT -- ARGV...: runs ARGV, output in $run/NAME.log; the detail is its last lines.
step() {
    local name=$1 command=$2 t=$SECONDS rc=0
    shift 3
    "$@" > "$run/$name.log" 2>&1 || rc=$?
    record "$name" "$rc" "$((SECONDS - t))" "$command" "$(tail -n 3 "$run/$name.log")"
    return "$rc"
}
elapsed() { echo $((SECONDS - ${1})); }

# ---- the Dockerfile's plan -----------------------------------------------------------------
plan=$dir/plan.txt
"$python" "$check_infra" dockerfile-runtime "$repo" > "$plan" || { echo "container-check: infra/docker/Dockerfile cannot be carried out (above)"; exit 1; }
field() { awk -F '\037' -v key="$1" '$1 == key {print; exit}' "$plan"; }
IFS=$'\037' read -r -a build_line <<< "$(field BUILD)"
IFS=$'\037' read -r -a entrypoint <<< "$(field ENTRYPOINT)"; entrypoint=("${entrypoint[@]:1}")
IFS=$'\037' read -r -a cmd <<< "$(field CMD)"; cmd=("${cmd[@]:1}")
IFS=$'\037' read -r -a healthcheck <<< "$(field HEALTHCHECK)"; healthcheck=("${healthcheck[@]:1}")
stopsignal=$(field STOPSIGNAL | cut -d $'\037' -f 2)
build_command=${build_line[1]} product=${build_line[2]}
# The build stage's commands after `swift build` (what fills /out/), joined as its RUN joins them.
stage_text=""
while IFS=$'\037' read -r -a stage_line; do
    stage_text=${stage_text:+$stage_text && }${stage_line[1]}
done < <(awk -F '\037' '$1 == "STAGE"' "$plan")
[ ${#entrypoint[@]} -gt 0 ] || { echo "container-check: the Dockerfile has no ENTRYPOINT"; exit 1; }

# Anything a previous run left mounted goes first; then this run's folders.
{ grep -o " $root[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
rm -rf "$run" "$manifest"
mkdir -p "$run"
: > "$steps_file"
echo "container-check: $(grep -c . "$plan") instructions from infra/docker/Dockerfile; logs in $run"

# ---- 1. the build stage's swift build --------------------------------------------------------
binary=""
echo "container-check: $build_command (the Dockerfile's build stage; minutes when the release build is not current)"
# shellcheck disable=SC2086 # the Dockerfile's command, split into words as its shell does
if step build "$build_command" -- bash -c "cd '$repo' && $build_command"; then
    binary=$(cd "$repo" && $build_command --show-bin-path)/$product
fi
# The build stage's /out/: its commands verbatim in the work tree (the stage's /src), with /out/
# as a folder of this run's (check_infra.py refuses a Dockerfile that writes /out without its /).
stage=$run/out
if [ -n "$binary" ]; then
    step stage "${stage_text:-(no commands after swift build)} (/out/ as $stage/)" -- \
        /bin/sh -c "cd '$repo' && ${stage_text//\/out\//$stage/}" || true
    find "$stage" -maxdepth 2 >> "$run/stage.log" 2>/dev/null || true
fi

# ---- 2. the runtime stage's file system -------------------------------------------------------
deps() {
    local missing=""
    command -v debootstrap >/dev/null || missing="$missing debootstrap"
    command -v ip >/dev/null || missing="$missing iproute2"
    [ -z "$missing" ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
}
make_base() {
    if [ ! -f "$base/.complete" ]; then
        echo "debootstrap --variant=minbase bookworm $base $mirror"
        rm -rf "$base"
        debootstrap --variant=minbase bookworm "$base" "$mirror" || return 1
        touch "$base/.complete"
    else
        echo "cached: $base"
    fi
}
bind() { mkdir -p "$root$2" && mount --bind "$1" "$root$2" || return 1; mounts+=("$root$2"); [ "${3:-}" != ro ] || mount -o remount,bind,ro "$root$2"; }
make_root() {
    rm -rf "$root"
    cp -a "$base" "$root" || return 1
    rm -f "$root/.complete"
    # This machine's apt sources and settings (the same mirror), DNS and hosts, as Docker gives them.
    rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] && grep -q "debian" "$f" && cp "$f" "$root$f"
    done
    for f in /etc/apt/apt.conf.d/*; do grep -qiE 'Check-Valid-Until|Check-Date|Proxy' "$f" 2>/dev/null && cp "$f" "$root$f"; done
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tcontainer-check\n' > "$root/etc/hosts"
    echo container-check > "$root/etc/hostname"
    # What a container gets: its own /proc, a read-only /sys, a minimal /dev.
    mount -t proc proc "$root/proc" || return 1
    mounts+=("$root/proc")
    bind /sys /sys ro || return 1
    mount -t tmpfs -o mode=0755,nosuid tmpfs "$root/dev" || return 1
    mounts+=("$root/dev")
    local spec
    for spec in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
        set -- $spec
        mknod -m 0666 "$root/dev/$1" c "$2" "$3" || return 1
    done
    ln -s /proc/self/fd "$root/dev/fd"; ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"; ln -s /proc/self/fd/2 "$root/dev/stderr"
    mkdir -p "$root/dev/shm" "$root/dev/pts"
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm" || return 1
    mounts+=("$root/dev/shm")
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts" || return 1
    mounts+=("$root/dev/pts")
    ln -s pts/ptmx "$root/dev/ptmx"
    echo "root: $root"
}
setup_ok=1
step deps "apt-get install -y debootstrap iproute2 (when missing)" -- deps || setup_ok=0
[ "$setup_ok" = 1 ] && { step base "debootstrap --variant=minbase bookworm $base $mirror" -- make_base || setup_ok=0; }
# The root's mounts are made in this shell (not in a step's subshell), so the trap unmounts them.
if [ "$setup_ok" = 1 ]; then
    t=$SECONDS rc=0
    make_root > "$run/root.log" 2>&1 || rc=$?
    record root "$rc" "$(elapsed "$t")" "cp -a base root; apt sources; mount proc, sys (ro), a minimal dev" "$(tail -n 3 "$run/root.log")"
    [ "$rc" = 0 ] || setup_ok=0
fi

# The runtime stage in order. RUN: /bin/sh -c in the root, as the current USER (root until
# USER), with the ENV so far and Docker's default PATH.
default_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
image_env=()
user=0:0
workdir=/
# container_argv USER -- ARGV: sets `argv` to ARGV run in the root as USER, in WORKDIR, with the
# image's ENV (plus EXTRA_ENV, what `docker run -e` adds) and what Docker sets (PATH, HOSTNAME, HOME).
# chroot, setpriv and env each exec the next: the command's process is the one started.
container_argv() {
    local spec=$1 uid gid home
    shift 2
    uid=${spec%%:*} gid=${spec#*:}
    [ "$gid" = "$spec" ] && gid=$uid
    home=$(awk -F: -v u="$uid" '$1 == u || $3 == u {print $6; exit}' "$root/etc/passwd")
    argv=(chroot "$root" /usr/bin/setpriv --reuid="$uid" --regid="$gid" --clear-groups
        /usr/bin/env -i -C "$workdir" PATH="$default_path" HOSTNAME=container-check HOME="${home:-/}"
        "${image_env[@]}" "${EXTRA_ENV[@]}" "$@")
}
as_user() { # USER -- ARGV: runs it (container_argv) and waits
    local argv
    container_argv "$@"
    "${argv[@]}"
}
EXTRA_ENV=()
# docker_copy PATH DST: COPY's rules, owned by 0:0 with the modes kept: a folder's contents go
# into DST (merged with what is there); a file goes to DST, or into it when DST ends with /.
docker_copy() {
    local path=$1 dst=$2 entry target
    if [ -d "$path" ]; then
        mkdir -p "$root$dst" && cp -a --no-preserve=ownership "$path/." "$root$dst/" || return 1
        for entry in "$path"/* "$path"/.[!.]*; do
            [ -e "$entry" ] || continue
            target=$root${dst%/}/${entry##*/}
            chown -R 0:0 "$target" && echo "$target" || return 1
        done
    else
        case $dst in */) target=$root$dst${path##*/} ;; *) target=$root$dst ;; esac
        mkdir -p "$(dirname "$target")" && cp -a --no-preserve=ownership "$path" "$target" && chown 0:0 "$target" && echo "$target"
    fi
}
copy() { # FROM SRC DST
    local from=$1 src=$2 dst=$3 path
    if [ -n "$from" ]; then
        [ "$from" = build ] || { echo "COPY --from=$from $src: only the build stage is carried out here"; return 1; }
        case $src in /out | /out/*) ;; *) echo "COPY --from=build $src: only the build stage's /out/ is known here"; return 1 ;; esac
        [ -d "$stage" ] || { echo "COPY --from=build $src: the build stage's /out/ was not made (the build and stage steps above: $run/build.log, $run/stage.log)"; return 1; }
        path=$stage${src#/out}
        [ -e "$path" ] || { echo "COPY --from=build $src: the build stage's commands did not make it"; return 1; }
    else
        path=$repo/$src
        [ -e "$path" ] || { echo "COPY $src: not in the build context ($repo)"; return 1; }
    fi
    docker_copy "$path" "$dst"
}
n=0
while [ "$setup_ok" = 1 ] && IFS=$'\037' read -r -a line; do
    case ${line[0]} in
    RUN)
        n=$((n + 1))
        step "run-$n" "RUN ${line[1]}" -- as_user "$user" -- /bin/sh -c "${line[1]}" || setup_ok=0 ;;
    COPY)
        n=$((n + 1))
        step "copy-$n" "COPY ${line[1]:+--from=${line[1]} }${line[2]} ${line[3]}" -- copy "${line[1]}" "${line[2]}" "${line[3]}" || setup_ok=0 ;;
    ENV) image_env+=("${line[1]}=${line[2]}") ;;
    USER) user=${line[1]} ;;
    WORKDIR) workdir=${line[1]}; mkdir -p "$root$workdir" ;;
    esac
done < <(grep -E $'^(RUN|COPY|ENV|USER|WORKDIR)\037' "$plan")
[ "$setup_ok" = 1 ] || echo "container-check: stopped after the failed step above (the image's commands need it); the check below lists what did not happen"

# ---- 3. the image's commands, as its USER ------------------------------------------------------
version_text=""
if [ "$setup_ok" = 1 ]; then
    step version "${entrypoint[*]} --version" -- as_user "$user" -- "${entrypoint[@]}" --version || true
    version_text=$(cat "$run/version.log")
    sed 's/^/  /' "$run/version.log"
    # The clip the worker gets (the volume's content, owned by the image's user).
    t=$SECONDS rc=0
    ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc2=size=320x180:rate=25 -f lavfi -i sine=frequency=440 -t 3 \
        -c:v libx264 -pix_fmt yuv420p -c:a aac "$root$workdir/clip.mp4" > "$run/clip.log" 2>&1 || rc=$?
    chown "$user" "$root$workdir/clip.mp4" 2>/dev/null || true
    record clip "$rc" "$(elapsed "$t")" "ffmpeg (host) testsrc2 320x180 25 fps + sine, 3 s -> $workdir/clip.mp4" "$(tail -n 3 "$run/clip.log")"
fi

# The service, in a network namespace of its own (as a container has): moto's server on its
# loopback, `setup`, ENTRYPOINT + CMD, the HEALTHCHECK, one upload delivered, STOPSIGNAL.
service() {
    set -u
    ip link set lo up
    local port=5000 endpoint=http://127.0.0.1:5000 pid t rc body
    "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" > "$run/moto.log" 2>&1 &
    echo $! > "$run/moto.pid"
    for _ in $(seq 600); do curl -sf -o /dev/null "$endpoint/moto-api/" && break; sleep 0.1; done
    local aws=(AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$endpoint AWS_EC2_METADATA_DISABLED=true)
    EXTRA_ENV=("${aws[@]}")
    t=$SECONDS rc=0
    as_user "$user" -- "${entrypoint[@]}" setup --watch-bucket container-watch --destination-bucket container-delivery \
        --queue-name container-check > "$run/setup.env" 2> "$run/setup.log" || rc=$?
    record setup "$rc" "$(elapsed "$t")" "${entrypoint[*]} setup --watch-bucket container-watch --destination-bucket container-delivery (moto on $endpoint)" "$(cat "$run/setup.env" "$run/setup.log" | tail -n 3)"
    [ "$rc" = 0 ] || return 0
    # What `docker run -e` would add: the queue, the buckets, the endpoint and keys.
    EXTRA_ENV=("${aws[@]}" QUEUE_WAIT_SECONDS=1 $(sed -n 's/^export \(QUEUE_URL\|WATCH_BUCKET\|DESTINATION_BUCKET\)=/\1=/p' "$run/setup.env"))
    local argv
    container_argv "$user" -- "${entrypoint[@]}" "${cmd[@]}"
    "${argv[@]}" > "$run/worker.log" 2>&1 &
    pid=$!
    echo "$pid" > "$run/worker.pid"
    t=$SECONDS rc=1
    local attempts=0
    while [ $((SECONDS - t)) -lt 60 ] && kill -0 "$pid" 2>/dev/null; do
        attempts=$((attempts + 1))
        rc=0
        as_user "$user" -- "${healthcheck[@]}" > "$run/healthcheck.log" 2>&1 || rc=$?
        [ "$rc" = 0 ] && break
        sleep 0.5
    done
    record healthcheck "$rc" "$(elapsed "$t")" "${healthcheck[*]} (HEALTHCHECK CMD; attempt $attempts)" "$(cat "$run/healthcheck.log")" "${healthcheck[@]}"
    # What ran, from /proc: the worker's ids, groups, environment, working directory, binary and arguments.
    {
        grep -E '^(Uid|Gid|Groups):' "/proc/$pid/status"
        echo "Cwd: $(readlink "/proc/$pid/cwd")"
        echo "Exe: $(readlink "/proc/$pid/exe")"
        echo "Root: $(readlink "/proc/$pid/root")"
    } > "$run/process.txt" 2>/dev/null || true
    tr '\0' '\n' < "/proc/$pid/environ" > "$run/process.environ" 2>/dev/null || true
    tr '\0' '\037' < "/proc/$pid/cmdline" > "$run/process.argv" 2>/dev/null || true
    step readyz "${entrypoint[*]} health --url http://127.0.0.1:${HTTP_PORT}/readyz" -- as_user "$user" -- "${entrypoint[@]}" health --url "http://127.0.0.1:${HTTP_PORT}/readyz"
    # One upload, delivered by the running worker: the record json/check/clip.json says complete.
    t=$SECONDS rc=0
    as_user "$user" -- "${entrypoint[@]}" upload "$workdir/clip.mp4" s3://container-watch/inputs/check/clip.mp4 > "$run/deliver.log" 2>&1 || rc=$?
    if [ "$rc" = 0 ]; then
        "$python" - "$endpoint" >> "$run/deliver.log" 2>&1 <<'PY' || rc=$?
import json, sys, time
import boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
deadline = time.monotonic() + 180
while True:
    try:
        record = json.loads(s3.get_object(Bucket="container-delivery", Key="json/check/clip.json")["Body"].read())
        break
    except s3.exceptions.NoSuchKey:
        if time.monotonic() > deadline:
            sys.exit("json/check/clip.json not delivered within 180 s")
        time.sleep(0.5)
keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="container-delivery").get("Contents", []))
print(f"status {record.get('status')}; delivered: {' '.join(keys)}")
sys.exit(0 if str(record.get("status")).lower() == "complete" else f"status {record.get('status')}: {record.get('error')}")
PY
    fi
    record deliver "$rc" "$(elapsed "$t")" "${entrypoint[*]} upload $workdir/clip.mp4 s3://container-watch/inputs/check/clip.mp4; the worker delivers json/check/clip.json" "$(tail -n 1 "$run/deliver.log")"
    t=$SECONDS rc=0
    kill -s "${stopsignal#SIG}" "$pid"
    wait "$pid" || rc=$?
    record stop "$rc" "$(elapsed "$t")" "kill -s $stopsignal (STOPSIGNAL) the worker; it exits" "$(grep -v '^$' "$run/worker.log" | tail -n 2)"
    console_check
    kill "$(cat "$run/moto.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -f "$run/moto.pid"
}
# `media-worker console` in the root as the USER, against the same moto and buckets (run from
# `service`, in its namespace, with its EXTRA_ENV): a demo account in CONSOLE_USERS whose bcrypt
# hash the image's `console --hash-password` makes, CONSOLE_INSECURE_COOKIE=true on loopback.
# GET /login must answer 200 with the sign-in form, GET /static/console.js 200 with the
# repository's file; then the demo account signs in and /jobs lists the clip the worker
# delivered. The console is stopped by its PID (SIGTERM) and must exit 0.
console_check() {
    local t=$SECONDS rc=0 stop=0 pid hash listen=127.0.0.1:8090 password=container-check-password argv
    local command="${entrypoint[*]} console (CONSOLE_USERS=demo:operator:<hash from console --hash-password>, CONSOLE_INSECURE_COOKIE=true, CONSOLE_LISTEN=$listen): GET /login, GET /static/console.js, sign-in, GET /jobs; SIGTERM to its PID"
    hash=$(printf '%s\n' "$password" | as_user "$user" -- "${entrypoint[@]}" console --hash-password 2> "$run/console-hash.log") || rc=$?
    case $hash in '$2'*) ;; *) [ "$rc" != 0 ] || rc=1
        record console "$rc" "$(elapsed "$t")" "$command" "console --hash-password printed no bcrypt hash: $(tail -n 3 "$run/console-hash.log")"
        return 0 ;;
    esac
    EXTRA_ENV+=(CONSOLE_LISTEN=$listen CONSOLE_INSECURE_COOKIE=true "CONSOLE_USERS=demo:operator:$hash")
    container_argv "$user" -- "${entrypoint[@]}" console
    "${argv[@]}" > "$run/console.log" 2>&1 &
    pid=$!
    echo "$pid" > "$run/console.pid"
    "$python" - "http://$listen" "$pid" "$repo/Sources/MediaWorkerConsole/Resources/static/console.js" "$password" > "$run/console-check.log" 2>&1 <<'PY' || rc=$?
import http.cookiejar, re, sys, time, urllib.error, urllib.parse, urllib.request
base, pid, script, password = sys.argv[1:]

def alive():
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def get(opener, path, data=None):
    try:
        with opener.open(base + path, data=data, timeout=60) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read(), urllib.parse.urlsplit(answer.url).path
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read(), path

# Until the console answers or exits (the cap only a safety net).
deadline = time.monotonic() + 600
while True:
    try:
        urllib.request.urlopen(base + "/favicon.ico", timeout=60).close()
        break
    except urllib.error.HTTPError:
        break
    except OSError as error:
        if not alive():
            sys.exit(f"the console exited before it answered ({error}); its log: console.log")
        if time.monotonic() > deadline:
            sys.exit(f"the console did not answer on {base} within 600 s ({error})")
        time.sleep(0.2)
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
failures = []
status, kind, body, _ = get(opener, "/login")
page = body.decode("utf-8", "replace")
token = re.search(r'name="csrf" value="([^"]+)"', page)
if status != 200 or not kind.startswith("text/html") or '<form method="post" action="/login" id="login-form">' not in page or not token:
    failures.append(f"GET /login: {status} {kind}, {len(body)} bytes, {'a' if token else 'no'} sign-in form: {page[:200]!r}")
else:
    print(f"GET /login: 200 {kind}, {len(body)} bytes, the sign-in form with its token")
status, kind, body, _ = get(opener, "/static/console.js")
expected = open(script, "rb").read()
if status != 200 or not kind.startswith("text/javascript") or body != expected:
    failures.append(f"GET /static/console.js: {status} {kind}, {len(body)} bytes, {'the' if body == expected else 'not the'} repository's {len(expected)}")
else:
    print(f"GET /static/console.js: 200 {kind}, {len(body)} bytes, the repository's file")
if token:
    form = urllib.parse.urlencode({"csrf": token.group(1), "user": "demo", "password": password}).encode()
    status, kind, body, path = get(opener, "/login", form)
    page = body.decode("utf-8", "replace")
    if status != 200 or path != "/jobs" or "demo (operator)" not in page:
        failures.append(f"sign-in as demo: {status} at {path}: {page[:200]!r}")
    else:
        # The index reads the job records from S3 beside the pages: until the delivered clip is listed.
        while "inputs/check/clip.mp4" not in page and alive() and time.monotonic() < deadline:
            time.sleep(0.5)
            status, kind, body, path = get(opener, "/jobs")
            page = body.decode("utf-8", "replace")
        if status != 200 or "inputs/check/clip.mp4" not in page:
            failures.append(f"GET /jobs: {status}, inputs/check/clip.mp4 not listed: {page[-300:]!r}")
        else:
            print(f"sign-in as demo (operator): 303 to /jobs, 200, {len(body)} bytes, inputs/check/clip.mp4 listed")
for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
PY
    # The console's ids, binary and arguments, from /proc while it serves.
    {
        grep -E '^(Uid|Gid|Groups):' "/proc/$pid/status"
        echo "Exe: $(readlink "/proc/$pid/exe")"
    } > "$run/console-process.txt" 2>/dev/null || true
    { tr '\0' '\037' < "/proc/$pid/cmdline" > "$run/console-process.argv"; } 2>/dev/null || true
    kill -s TERM "$pid" 2>/dev/null || true
    wait "$pid" || stop=$?
    rm -f "$run/console.pid"
    echo "SIGTERM to the console (PID $pid): exit $stop" >> "$run/console-check.log"
    # When it failed, the console's own last words (e.g. "the console's resource … is missing").
    [ "$rc" = 0 ] && [ "$stop" = 0 ] || { printf 'console.log: '; grep -v '^$' "$run/console.log" | tail -n 2; } >> "$run/console-check.log"
    [ "$rc" != 0 ] || rc=$stop
    record console "$rc" "$(elapsed "$t")" "$command" "$(cat "$run/console-check.log")"
}
if [ "$setup_ok" = 1 ]; then
    HTTP_PORT=$(printf '%s\n' "${image_env[@]}" | sed -n 's/^HTTP_LISTEN=.*:\([0-9]*\)$/\1/p')
    export HTTP_PORT
    # The namespace's shell runs `service` with this shell's functions and variables.
    t=$SECONDS rc=0
    unshare --net bash -c "$(declare -p repo dir root run venv python user workdir default_path image_env entrypoint cmd healthcheck stopsignal steps_file HTTP_PORT)
        $(declare -f service console_check container_argv as_user record step elapsed)
        EXTRA_ENV=(); failed=0; service" || rc=$?
    [ "$rc" = 0 ] || record service "$rc" "$(elapsed "$t")" "unshare --net: the service steps" "the network namespace's shell failed"
    awk -F '\037' '$2 != 0 {bad = 1} END {exit !bad}' "$steps_file" && failed=1

    # The local pipeline on the clip, as `docker run IMAGE process ...` runs it.
    step process "${entrypoint[*]} process $workdir/clip.mp4 --output-dir $workdir/out" -- \
        as_user "$user" -- "${entrypoint[@]}" process "$workdir/clip.mp4" --output-dir "$workdir/out" || true
    sed 's/^/  /' "$run/process.log" | tail -n 8
    # Its outputs, read from the host: a JPEG thumbnail, the record (complete), H.264+AAC renditions.
    outputs() {
        local out=$root$workdir/out ok=0 f
        [ "$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of csv=p=0 "$out/thumbnail/clip.jpg")" = mjpeg ] \
            && echo "thumbnail/clip.jpg: JPEG $(ffprobe -v error -show_entries stream=width,height -of csv=p=0:s=x "$out/thumbnail/clip.jpg")" || { echo "thumbnail/clip.jpg: not a JPEG"; ok=1; }
        "$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("json/clip.json: status", r["status"]); sys.exit(str(r["status"]).lower() != "complete")' "$out/json/clip.json" || ok=1
        local renditions=0
        for f in "$out"/audiovideo/clip_*.mp4; do
            [ -f "$f" ] || continue
            local streams
            streams=$(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 "$f" | paste -sd' ')
            echo "audiovideo/$(basename "$f"): $streams"
            case $streams in *h264*aac* | *aac*h264*) renditions=$((renditions + 1)) ;; *) ok=1 ;; esac
        done
        [ "$renditions" -gt 0 ] || { echo "audiovideo/: no clip_*.mp4 rendition"; ok=1; }
        return "$ok"
    }
    step outputs "ffprobe (host) $workdir/out: thumbnail JPEG, json status complete, H.264+AAC renditions" -- outputs || true
    sed 's/^/  /' "$run/outputs.log"
fi

# ---- 4. the manifest, and the check against the Dockerfile ------------------------------------
if [ -d "$root/var/lib/dpkg" ]; then
    # Installed packages only (dpkg also keeps entries for packages it merely knows of).
    chroot "$root" dpkg-query -W -f '${Package}\t${Version}\t${db:Status-Abbrev}\t${Status}\n' 2>/dev/null \
        | awk -F '\t' '$3 ~ /^ii/' > "$run/installed.txt" || true
    dpkg-query --admindir="$base/var/lib/dpkg" -W -f '${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" {print $2}' > "$run/base.txt" || true
    chroot "$root" apt-mark showmanual > "$run/manual.txt" 2>/dev/null || true
fi
[ -n "$binary" ] && [ -f "$root${entrypoint[0]}" ] && sha256sum "$root${entrypoint[0]}" | cut -d' ' -f1 > "$run/binary.sha256"
# The Dockerfile's USER, whose account the manifest records (also when a step before USER failed).
image_user=$(field USER | cut -d $'\037' -f 2)
"$python" - "$run" "$root" "$manifest" "$build_command" "${entrypoint[0]}" "${image_user:-0}" "$mirror" "$repo" <<'PY'
import json, os, sys
run, root, target, build, entrypoint, user, mirror, repo = sys.argv[1:]

def read(name, default=""):
    path = os.path.join(run, name)
    return open(path).read() if os.path.exists(path) else default

steps = []
for line in read("steps.txt").split("\n"):
    if not line:
        continue
    name, code, seconds, command, detail, *argv = line.split("\x1f")
    step = {"name": name, "exit": int(code), "seconds": int(seconds), "command": command, "detail": detail}
    if argv:
        step["argv"] = argv
    steps.append(step)
installed = {}
for line in read("installed.txt").splitlines():
    name, version, _, status = line.split("\t")
    installed[name] = {"version": version, "status": status}
process = {}
for line in read("process.txt").splitlines():
    key, _, value = line.partition(":")
    value = value.strip()
    if key in ("Uid", "Gid"):
        process[key.lower()] = [int(v) for v in value.split()]
    elif key == "Groups":
        process["groups"] = [int(v) for v in value.split()]
    elif key in ("Cwd", "Exe", "Root"):
        process[key.lower()] = value
# The worker ran chrooted: its paths as seen inside the root.
for key in ("cwd", "exe"):
    if process.get(key, "").startswith(root):
        process[key] = process[key][len(root):] or "/"
if read("process.environ"):
    process["environ"] = dict(line.split("=", 1) for line in read("process.environ").split("\n") if "=" in line)
if read("process.argv"):
    process["argv"] = read("process.argv").rstrip("\x1f").split("\x1f")
# The console as it served: its ids, binary and arguments.
console = {}
for line in read("console-process.txt").splitlines():
    key, _, value = line.partition(":")
    if key in ("Uid", "Gid", "Groups"):
        console[key.lower() if key != "Groups" else "groups"] = [int(v) for v in value.split()]
    elif key == "Exe":
        value = value.strip()
        console["exe"] = value[len(root):] if value.startswith(root) else value
if read("console-process.argv"):
    console["argv"] = read("console-process.argv").rstrip("\x1f").split("\x1f")
# The resource bundles beside the binary in the root (the console's templates and scripts).
resources = {}
bindir = os.path.dirname(entrypoint)
if os.path.isdir(root + bindir):
    for name in sorted(os.listdir(root + bindir)):
        folder = os.path.join(root + bindir, name)
        if name.endswith(".resources") and os.path.isdir(folder):
            resources[os.path.join(bindir, name)] = sorted(
                os.path.relpath(os.path.join(top, f), folder) for top, _, files in os.walk(folder) for f in files)
account = {}
uid = user.split(":")[0]
passwd = os.path.join(root, "etc/passwd")
if os.path.exists(passwd):
    for line in open(passwd):
        fields = line.rstrip("\n").split(":")
        if uid in (fields[0], fields[2]):
            account = {"name": fields[0], "uid": int(fields[2]), "gid": int(fields[3]), "home": fields[5], "shell": fields[6]}
            groups = [g.split(":") for g in open(os.path.join(root, "etc/group"))]
            account["group"] = next((g[0] for g in groups if g[2] == fields[3]), None)
work = os.path.join(root, "work")
manifest = {
    "dockerfile": os.path.join(repo, "infra/docker/Dockerfile"),
    "root": root,
    "base": {"debootstrap": "--variant=minbase bookworm", "mirror": mirror},
    "installed": installed,
    "base_installed": read("base.txt").split(),
    "manual": read("manual.txt").split(),
    "user": account,
    "process": process,
    "binary": {"path": entrypoint if os.path.exists(root + entrypoint) else None, "build": build,
               "sha256": read("binary.sha256").strip(), "version": read("version.log").strip()},
    "resources": resources,
    "console": console,
    "job_templates": sorted(os.listdir(os.path.join(root, "app/job-templates"))) if os.path.isdir(os.path.join(root, "app/job-templates")) else [],
    "steps": steps,
}
with open(target, "w") as handle:
    json.dump(manifest, handle, indent=2)
    handle.write("\n")
PY
t=$SECONDS rc=0
"$python" "$check_infra" container-manifest "$repo" "$manifest" > "$run/manifest-check.log" 2>&1 || rc=$?
# The check's own verdict is recorded in the summary, not in the manifest it read.
printf 'container-check: %-12s exit %-3s %4s s  %s\n' manifest "$rc" "$(elapsed "$t")" "check_infra.py container-manifest $repo $manifest"
sed 's/^/  /' "$run/manifest-check.log"
[ "$rc" = 0 ] || failed=1
echo
echo "container-check: $( [ "$failed" = 0 ] && echo "the image's root ran as the Dockerfile says" || echo FAILED) in $SECONDS s (manifest $manifest; logs $run)"
exit "$failed"
