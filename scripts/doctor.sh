#!/usr/bin/env bash
# make doctor: what `make demo` and `make test` need, checked in one screen, each gap with
# what to install. Exit status 1 when something required is missing (a missing Python for
# LocalStack is only a warning outside CI: its suites then skip).
# APT_PACKAGES (from the Makefile) lists the Debian packages the targets install.
set -uo pipefail
cd "$(dirname "$0")/.."
ok() { printf '  ok    %-22s %s\n' "$1" "$2"; }
warn() { printf '  warn  %-22s %s\n' "$1" "$2"; }
gap() { printf '  MISS  %-22s %s\n' "$1" "$2"; missing=$((missing + 1)); }
missing=0
echo "media-worker doctor ($(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo))"

# The Swift toolchain.
if swift_bin=$(command -v swift); then
    version=$(swift --version 2>&1 | grep -o 'Swift version [0-9][0-9.]*' | head -n 1)
    lib=$(swift --version 2>&1 | grep -o 'loading shared libraries: [^:]*' | head -n 1)
    if [ -z "$version" ] && [ -n "$lib" ]; then
        warn swift "$swift_bin cannot load ${lib#loading shared libraries: } yet: make installs it (Debian packages below)"
    elif [ -z "$version" ]; then
        gap swift "$swift_bin does not run: $(swift --version 2>&1 | head -n 1 | cut -c1-60)"
    else
        v=${version#Swift version }
        if [ "${v%%.*}" -gt 6 ] || { [ "${v%%.*}" = 6 ] && [ "$(echo "$v" | cut -d. -f2)" -ge 3 ]; }; then
            ok swift "$v ($swift_bin)"
        else
            gap swift "$v is too old: install Swift 6.3 from swift.org (release tarball; put its usr/bin on PATH)"
        fi
    fi
else
    gap swift "not on PATH: install Swift 6.3 from swift.org (release tarball for Debian 12; put its usr/bin on PATH)"
fi
command -v make >/dev/null && ok make "$(make --version | head -n 1)" || gap make "apt-get install make"

# Debian packages the targets install themselves.
absent=""
for p in ${APT_PACKAGES:-}; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || absent="$absent $p"
done
if [ -z "${APT_PACKAGES:-}" ]; then
    warn "Debian packages" "run as make doctor to check them"
elif [ -z "$absent" ]; then
    ok "Debian packages" "all $(echo $APT_PACKAGES | wc -w) installed"
else
    n=$(echo $absent | wc -w)
    warn "Debian packages" "$n missing; make demo/test install them with apt-get (root or sudo):"
    echo "$absent" | fold -s -w 80 | sed 's/^ */          /'
fi
if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null && [ -n "$absent" ]; then
    gap "root or sudo" "installing those packages needs root or sudo"
fi

# Python: Debian's for the tools (moto, boto3, ...), 3.12+ for LocalStack.
if /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null; then
    ok "Python for tools" "$(/usr/bin/python3 --version 2>&1) with venv (.venv: $([ -x .venv/bin/python ] && echo present || echo 'not yet made'))"
else
    warn "Python for tools" "no /usr/bin/python3 with venv yet: make demo/test install python3-venv"
fi
if py=$(FIND_PYTHON_NO_UV=1 bash scripts/find-python-for-localstack.sh 2>/tmp/doctor-python.$$); then
    ok "Python for LocalStack" "$("$py" --version 2>&1) ($py)"
else
    why=$(tail -n 1 /tmp/doctor-python.$$)
    line="${why#no Python for LocalStack: }"
    if [ "${CI:-}" = true ]; then gap "Python for LocalStack" "$line"; else warn "Python for LocalStack" "none: the LocalStack suites will skip, the demo uses moto"; fi
    echo "          (${line})"
    echo "          to get one: pyenv install 3.13, or LOCALSTACK_PYTHON=/path/to/python3.12+,"
    echo "          or let make test try uv's managed CPython (needs GitHub)"
fi
rm -f /tmp/doctor-python.$$
if [ -x .venv-localstack/bin/python ]; then ok "LocalStack venv" ".venv-localstack ($(.venv-localstack/bin/python --version 2>&1))"
elif [ -f .venv-localstack.unavailable ]; then warn "LocalStack venv" "not made: $(cut -c1-70 .venv-localstack.unavailable)"
else warn "LocalStack venv" "not made yet (make test makes it)"; fi

# Free disk: a debug build with its tests takes about 4 GiB, the venvs 1 GiB, the tests' scratch 2 GiB.
need=8
free=$(df -P -k . | awk 'NR == 2 {print int($4 / 1048576)}')
tmp_free=$(df -P -k "${TMPDIR:-/tmp}" | awk 'NR == 2 {print int($4 / 1048576)}')
if [ "$free" -ge "$need" ]; then ok "free disk" "$free GiB here, $tmp_free GiB in ${TMPDIR:-/tmp} (needs about $need GiB)"
else gap "free disk" "$free GiB here: the build, venvs and tests need about $need GiB"; fi

if [ "$missing" = 0 ]; then echo "doctor: nothing missing that make cannot install"; else echo "doctor: $missing gap(s) above need you"; fi
[ "$missing" = 0 ]
