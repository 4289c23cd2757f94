#!/usr/bin/env bash
# Finds a Python that can run LocalStack (3.12 or newer: LocalStack 2026.3.0 and
# localstack-core 4.14 do not start on Debian 12's Python 3.11) and prints its path.
#
# Looked for in this order; the first that runs and is new enough wins:
#   1. $LOCALSTACK_PYTHON (when set, it must be usable: no fallback past an explicit choice)
#   2. pyenv: the newest of $PYENV_ROOT/versions/*/bin/python3 that is 3.12 or newer
#      (PYENV_ROOT, else `pyenv root`, else ~/.pyenv)
#   3. python3.13, python3.12, then python3 on PATH, when 3.12 or newer
#   4. uv (from PATH, else installed from PyPI into $UV_VENV) installs a managed CPython
#      $UV_PYTHON_VERSION; needs the internet (python-build-standalone from GitHub)
#
# stdout: the interpreter's path, one line, on success (exit 0).
# stderr: one line per candidate tried with --verbose; on failure (exit 1) always a last
# line "no Python for LocalStack: REASON" with what was tried.
# Environment for tests and special cases: FIND_PYTHON_NO_UV=1 skips step 4;
# FIND_PYTHON_UV_TIMEOUT (seconds, default 120) bounds uv's download.
set -uo pipefail

verbose=0
[ "${1:-}" = "--verbose" ] && verbose=1
say() { [ "$verbose" = 1 ] && echo "find-python: $*" >&2; return 0; }
MIN_MINOR=12
tried=()

# Prints "MAJOR.MINOR.MICRO" of interpreter $1 if it runs, has venv and ensurepip (what
# `python -m venv` needs), and is 3.12 or newer; returns 1 otherwise, noting why.
probe() {
    local py=$1 out
    if [ ! -x "$py" ]; then tried+=("$py: not an executable"); say "$py: not an executable"; return 1; fi
    out=$("$py" -c 'import sys, venv, ensurepip; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null | tail -n 1)
    if ! [[ "$out" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
        tried+=("$py: does not run, or lacks venv/ensurepip"); say "$py: does not run, or lacks venv/ensurepip"; return 1
    fi
    local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
    if [ "$major" -lt 3 ] || { [ "$major" = 3 ] && [ "$minor" -lt "$MIN_MINOR" ]; }; then
        tried+=("$py: Python $out, older than 3.$MIN_MINOR"); say "$py: Python $out, older than 3.$MIN_MINOR"; return 1
    fi
    say "$py: Python $out, usable"
    echo "$out"
}

found() { say "using $1 ($2)"; echo "$1"; exit 0; }
fail() { echo "no Python for LocalStack: $*" >&2; exit 1; }

# 1. An explicit choice.
if [ -n "${LOCALSTACK_PYTHON:-}" ]; then
    py=$LOCALSTACK_PYTHON
    case $py in */*) ;; *) py=$(command -v "$py" || echo "$py") ;; esac
    probe "$py" >/dev/null && found "$py" "LOCALSTACK_PYTHON"
    fail "LOCALSTACK_PYTHON=$LOCALSTACK_PYTHON is not usable (${tried[-1]#*: }); unset it or point it at Python 3.12+"
fi

# 2. pyenv: every installed version, newest first.
pyenv_root=${PYENV_ROOT:-}
[ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1 && pyenv_root=$(pyenv root 2>/dev/null)
[ -z "$pyenv_root" ] && pyenv_root=${HOME:-/root}/.pyenv
if [ -d "$pyenv_root/versions" ]; then
    best="" best_key=""
    for dir in "$pyenv_root"/versions/*/; do
        dir=${dir%/}
        py=$dir/bin/python3
        [ -e "$py" ] || continue
        version=$(probe "$py") || continue
        IFS=. read -r a b c <<<"$version"
        key=$(printf '%05d%05d%05d' "$a" "$b" "$c")
        if [ -z "$best_key" ] || [[ "$key" > "$best_key" ]]; then best=$py best_key=$key; fi
    done
    [ -n "$best" ] && found "$best" "pyenv"
else
    say "no pyenv versions at $pyenv_root/versions"
fi

# 3. PATH.
for name in python3.13 python3.12 python3; do
    py=$(command -v "$name" 2>/dev/null) || continue
    probe "$py" >/dev/null && found "$py" "PATH"
done

# 4. uv's managed CPython.
summary="no LOCALSTACK_PYTHON, no pyenv Python 3.12+ in $pyenv_root/versions, no python3.12/python3.13 on PATH"
[ "${FIND_PYTHON_NO_UV:-}" = 1 ] && fail "$summary; uv not tried (FIND_PYTHON_NO_UV=1)"
UV_PYTHON_VERSION=${UV_PYTHON_VERSION:-3.13}
uv=$(command -v uv 2>/dev/null || true)
if [ -z "$uv" ]; then
    UV_VENV=${UV_VENV:-$(cd "$(dirname "$0")/.." && pwd)/.venv-uv}
    if [ ! -x "$UV_VENV/bin/uv" ]; then
        say "installing uv from PyPI into $UV_VENV"
        mkdir -p "$(dirname "$UV_VENV")"
        base=$(command -v python3 || true)
        [ -n "$base" ] || fail "$summary, and no python3 to install uv with"
        { "$base" -m venv "$UV_VENV" && "$UV_VENV/bin/pip" install -q --disable-pip-version-check 'uv==0.13.9'; } >"$UV_VENV.log" 2>&1 \
            || { rm -rf "$UV_VENV"; fail "$summary, and uv could not be installed from PyPI (see $UV_VENV.log)"; }
    fi
    uv=$UV_VENV/bin/uv
fi
say "asking $uv for a managed CPython $UV_PYTHON_VERSION"
log=$(mktemp)
if timeout "${FIND_PYTHON_UV_TIMEOUT:-120}" "$uv" python install --no-progress "$UV_PYTHON_VERSION" >"$log" 2>&1; then
    py=$("$uv" python find "$UV_PYTHON_VERSION" 2>/dev/null)
    rm -f "$log"
    [ -n "$py" ] && probe "$py" >/dev/null && found "$py" "uv managed CPython"
    fail "$summary, and uv installed CPython $UV_PYTHON_VERSION but it is not usable"
fi
status=$?
reason=$(grep -v '^\s*$' "$log" | grep -iE 'error|failed|timed out|dns|connect' | head -n 1 | sed 's/^[[:space:]]*//' | cut -c1-160)
rm -f "$log"
[ "$status" = 124 ] && reason="no answer in ${FIND_PYTHON_UV_TIMEOUT:-120} s"
fail "$summary, and uv could not download CPython $UV_PYTHON_VERSION (${reason:-exit $status}; it needs GitHub)"
