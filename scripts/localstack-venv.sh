#!/usr/bin/env bash
# localstack-venv.sh VENV: LocalStack in VENV, on the Python that
# find-python-for-localstack.sh finds. When none can be had, VENV.unavailable gets the
# reason (the LocalStack tests print it when they skip) and the script exits 0, or 1
# with CI=true, where a missing LocalStack is a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$1
unavailable=$venv.unavailable
if py=$("$here/find-python-for-localstack.sh" 2>"$unavailable.tmp"); then
    rm -f "$unavailable" "$unavailable.tmp"
    bash "$here/python-venv.sh" "$venv" "$py" "$here/requirements/localstack.txt" && exit 0
    reason="installing LocalStack into $venv with $py failed (see the pip output above)"
else
    reason=$(tail -n 1 "$unavailable.tmp")
    rm -f "$unavailable.tmp"
fi
echo "$reason" > "$unavailable"
if [ "${CI:-}" = true ]; then
    echo "LocalStack is required with CI=true: $reason" >&2
    echo "Install Python 3.12+ (pyenv install 3.13, or set LOCALSTACK_PYTHON) and run again." >&2
    exit 1
fi
echo "LocalStack not installed, its test suites will be skipped: $reason"
echo "(To run them: install Python 3.12+, e.g. pyenv install 3.13, or set LOCALSTACK_PYTHON; see make doctor.)"
exit 0
