#!/usr/bin/env bash
# The README's two commands in a clean Debian 12 root, as a new user would run them:
#   1. debootstrap --variant=minbase bookworm (kept as a base, copied afresh every run), from
#      the Debian mirror this machine's apt uses, with the same apt settings;
#   2. the Swift toolchain copied in as swift.org's release tarball installs it (unpacked
#      under /opt, its usr/bin on PATH), and `make` (the one package a user adds);
#   3. a fresh clone of this repository's HEAD (commit first: the work tree is not used);
#   4. chroot: make doctor, make demo, make test, make doctor, each timed.
# Workplace stand-in, not a user step: Swift packages resolve from /opt/swift-packages
# (bind-mounted read-only, with the same /etc/gitconfig insteadOf rules as this machine),
# and this workplace's HTTPS proxy CA is trusted in the root (its certificates, /etc/pip.conf).
# Prints the exit codes and times; writes them to $CLEAN_ROOT_DIR/summary.txt.
# Environment: CLEAN_ROOT_DIR (default /var/tmp/media-worker-cleanroot), CLEAN_ROOT_CI
# (CI inside the root, default false: LocalStack suites may skip), SWIFT_TOOLCHAIN (the
# toolchain's root, default: two levels above `swift`), CLEAN_ROOT_STEPS (default
# "doctor demo test doctor"), CLEAN_ROOT_REF (a commit to check out instead of HEAD).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${CLEAN_ROOT_DIR:-/var/tmp/media-worker-cleanroot}
base=$dir/base
root=$dir/root
steps=${CLEAN_ROOT_STEPS:-doctor demo test doctor}
swift_bin=$(command -v swift || true)
toolchain=${SWIFT_TOOLCHAIN:-${swift_bin:+$(dirname "$(dirname "$(dirname "$(readlink -f "$swift_bin")")")")}}
[ -n "$toolchain" ] && [ -x "$toolchain/usr/bin/swift" ] || { echo "clean-root: no Swift toolchain (set SWIFT_TOOLCHAIN to the folder holding usr/bin/swift)"; exit 1; }
version=$("$toolchain/usr/bin/swift" --version 2>/dev/null | grep -o 'Swift version [0-9.]*' | grep -o '[0-9.]*$' || echo 6.3)
toolchain_name=swift-$version-RELEASE-debian12
[ "$(id -u)" = 0 ] || { echo "clean-root: needs root (debootstrap, chroot, mount)"; exit 1; }
case $root in "$repo"/*) echo "clean-root: $root is inside the repository"; exit 1 ;; esac

# The mirror apt uses here (deb822 .sources first, then sources.list).
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null)
mirror=${mirror:-http://deb.debian.org/debian}

mounts=()
cleanup() {
    # A signal during the cleanup (timeout's TERM as the run ends) must not cut it short.
    trap '' TERM INT
    # Processes still running in the root (servers a failed step left behind) are this run's.
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
    done
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 143' TERM INT
bind() { mkdir -p "$root$2"; mount --bind "$1" "$root$2"; mounts+=("$root$2"); [ "${3:-}" = ro ] && mount -o remount,bind,ro "$root$2"; return 0; }

t0=$SECONDS
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
if [ ! -f "$base/.complete" ]; then
    echo "clean-root: debootstrap --variant=minbase bookworm $base from $mirror"
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror" > "$dir.debootstrap.log" 2>&1 || { tail -20 "$dir.debootstrap.log"; exit 1; }
    touch "$base/.complete"
fi
# Anything a previous run left mounted goes first.
{ grep -o " $root[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m"; done
rm -rf "$root"
cp -a "$base" "$root"
rm -f "$root/.complete"
# This machine's apt sources and settings (the same mirror), DNS.
rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && grep -q "debian" "$f" && cp "$f" "$root$f"
done
for f in /etc/apt/apt.conf.d/*; do grep -qiE 'Check-Valid-Until|Check-Date|Proxy' "$f" 2>/dev/null && cp "$f" "$root$f"; done
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# swift.org's tarball unpacks to swift-VERSION-RELEASE-debian12/usr; users put it under /opt.
echo "clean-root: copying the Swift toolchain ($toolchain) to /opt/$toolchain_name"
mkdir -p "$root/opt/$toolchain_name"
cp -a "$toolchain/usr" "$root/opt/$toolchain_name/"
# Workplace stand-in for GitHub (not a user step): the local package mirrors.
bind /opt/swift-packages /opt/swift-packages ro
[ -f /etc/gitconfig ] && cp /etc/gitconfig "$root/etc/gitconfig"
# Workplace stand-in too: HTTPS here goes through a proxy with its own CA. Its certificates
# join the root's store when `make` installs ca-certificates, and pip is told to use that
# store, as on this machine (/etc/pip.conf).
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' > "$root/etc/pip.conf"
fi
# The fresh clone.
git clone -q --no-hardlinks "$repo" "$root/root/media-worker"
# CLEAN_ROOT_REF: another commit (say, one from before this target, for a "before" time).
[ -n "${CLEAN_ROOT_REF:-}" ] && git -C "$root/root/media-worker" checkout -q "$CLEAN_ROOT_REF"
echo "clean-root: cloned $(git -C "$root/root/media-worker" log -1 --format='%h %s' | cut -c1-80)"
bind /proc /proc; bind /sys /sys; bind /dev /dev; bind /dev/pts /dev/pts
mkdir -p "$root/dev/shm"; mount -t tmpfs -o mode=1777 shm "$root/dev/shm"; mounts+=("$root/dev/shm")
setup_seconds=$((SECONDS - t0))

path=/opt/$toolchain_name/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root PATH="$path" LANG=C.UTF-8 TERM=dumb CI="${CLEAN_ROOT_CI:-false}" \
        /bin/bash -c "$1"
}
# The one thing a user adds to a fresh Debian 12 besides the toolchain: make.
t=$SECONDS
in_root 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make >/dev/null'
make_seconds=$((SECONDS - t))

summary=$dir/summary.txt
{
    echo "clean Debian 12 root: $root (minbase), toolchain /opt/$toolchain_name, clone of $(git -C "$root/root/media-worker" log -1 --format='%h (%cd)' --date=format:'%H:%M')"
    echo "setup (root copy, toolchain, clone): ${setup_seconds} s; apt-get install make: ${make_seconds} s"
} > "$summary"
status=0
failed_logs=
n=0
for step in $steps; do
    n=$((n + 1))
    log=$dir/$n-$step.log
    echo "clean-root: make $step (log $log)"
    t=$SECONDS
    set +e
    # In the background, so that a TERM (timeout) reaches the trap at once: the cleanup
    # then ends what runs in the root.
    (in_root "cd /root/media-worker && make $step" 2>&1 | tee "$log" | sed -u "s/^/  [$step] /"; exit "${PIPESTATUS[0]}") &
    wait $!
    rc=$?
    set -e
    line="make $step: exit $rc in $((SECONDS - t)) s"
    echo "clean-root: $line"
    echo "$line" >> "$summary"
    # doctor reports gaps with a non-zero exit; only demo and test decide the result.
    [ "$step" = doctor ] || [ "$rc" = 0 ] || { status=1; failed_logs="$failed_logs $log"; }
    # A later step still runs after a failure, to show everything at once.
done
echo
cat "$summary"
if [ "$status" != 0 ]; then
    # What failed, last, where CI's tail shows it: the failing tests, or the demo's last lines.
    for log in $failed_logs; do
        case $log in
            *-test.log) grep -a "✘" "$log" | cut -c1-600 | awk '!seen[$0]++' | tail -40 | sed "s/^/failed in the root: /" || true ;;
            *) tail -15 "$log" | sed "s/^/last lines of $(basename "$log"): /" ;;
        esac
    done
fi
exit $status
