#!/usr/bin/env bash
# bench/compare/run.sh — the end-to-end crawler benchmark in one command (bench/README.md).
#
#   bench/compare/run.sh            full run: 20,000-page site, 200 sites x 50 pages, 3 rounds (~1 h, quiet machine)
#   bench/compare/run.sh --quick    smoke run: 2,000 pages, 20 sites x 20 pages, 1 round (a few minutes)
#   bench/compare/run.sh --help     every option (sizes, rounds, tools, scenarios, port, N)
#
# Installs the peers from Debian (nginx wget2 httrack python3-scrapy, and GNU time) when missing, builds
# pantau's release binary when missing (PANTAU_REBUILD=1 rebuilds it), then runs compare.py, which serves
# the corpus with nginx on 127.0.0.1 and crawls it with every tool. nginx is stopped and the /etc/hosts
# entries are removed when the run ends, also on Ctrl-C and errors (compare.py cleans up itself; this
# trap catches what a killed Python could not).
# Needs root (apt-get, /etc/hosts); with sudo available it is used for those steps.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
workdir="${PANTAU_BENCH_DIR:-$repo/build/h-bench}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi

for arg in "$@"; do
    if [[ $arg == --workdir=* ]]; then
        workdir="${arg#--workdir=}"
    fi
done

cleanup() {
    local pidfile="$workdir/nginx/nginx.pid"
    if [[ -s $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "run.sh: stopping nginx $(cat "$pidfile")" >&2
        $sudo kill -QUIT "$(cat "$pidfile")" 2>/dev/null || true
    fi
    if grep -q '^# pantau-bench begin' /etc/hosts 2>/dev/null; then
        # In place (no rename): /etc/hosts may be a bind mount.
        local kept
        kept="$(sed '/^# pantau-bench begin/,/^# pantau-bench end/d' /etc/hosts)"
        printf '%s\n' "$kept" | $sudo tee /etc/hosts >/dev/null
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wget2 >/dev/null || need+=(wget2)
command -v httrack >/dev/null || need+=(httrack)
[[ -x /usr/bin/scrapy ]] || need+=(python3-scrapy)
[[ -x /usr/bin/time ]] || need+=(time)
command -v gcc >/dev/null || need+=(gcc)
[[ -f /usr/include/gumbo.h ]] || need+=(libgumbo-dev)
if ((${#need[@]})); then
    echo "run.sh: installing ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    # Debian starts the packaged nginx on port 80 where an init system runs; the benchmark uses its own.
    if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
        $sudo systemctl stop nginx || true
    fi
fi

pantau="${PANTAU:-$repo/build/release/cli/pantau}"
if [[ -z ${PANTAU:-} ]] && { [[ ! -x $pantau ]] || [[ ${PANTAU_REBUILD:-0} == 1 ]]; }; then
    echo "run.sh: building pantau (release)" >&2
    (cd "$repo" && cmake --preset release >/dev/null && cmake --build build/release -j "$(nproc)" --target pantau)
fi

load="$(cut -d' ' -f1 /proc/loadavg)"
echo "run.sh: load average $load on $(nproc) CPUs$(awk -v l="$load" -v n="$(nproc)" 'BEGIN{if (l > n/2) print " — the machine is busy: numbers will be noisy"}')" >&2

/usr/bin/python3 "$here/compare.py" --pantau "$pantau" --workdir "$workdir" "$@"
