#!/usr/bin/env bash
# TFTP throughput: provd's TFTP server against tftpd-hpa (in.tftpd) on the same 2 KB file, same load, one after
# the other, then the load generator against a trivial in-process responder (its own ceiling).
#
#   bench/tftp/run.sh [DURATION_S] [CLIENTS]        (defaults: 10 s, 200 clients; WARMUP=3 s, ROUNDS=1)
#
# Needs a JDK 17+, Maven (the reactor's dependencies in the local repository: run from /work/main after a build) and
# in.tftpd (Debian package tftpd-hpa, installed here when missing and running as root). Prints each run's figures
# and a summary with the ratio provd / tftpd-hpa.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${1:-10}
CLIENTS=${2:-200}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
PROVD_PORT=${PROVD_PORT:-16969}
TFTPD_PORT=${TFTPD_PORT:-16970}
MVN_FLAGS=${MVN_FLAGS:--o}
CLK_TCK=$(getconf CLK_TCK)
LOAD=(java "$ROOT/bench/tftp/TftpLoad.java" --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP"
      --file f2k.bin --size 2048 --clk-tck "$CLK_TCK")

if ! command -v in.tftpd >/dev/null 2>&1 && [ ! -x /usr/sbin/in.tftpd ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing tftpd-hpa..." >&2
        (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q tftpd-hpa) >/dev/null 2>&1 || true
    fi
fi
TFTPD=$(command -v in.tftpd || echo /usr/sbin/in.tftpd)

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# The file both servers serve: world-readable (in.tftpd drops to its tftp user inside a chroot of the directory).
chmod 755 "$WORK"
mkdir -p "$WORK/files"
chmod 755 "$WORK/files"
head -c 2048 /dev/urandom > "$WORK/files/f2k.bin"
chmod 644 "$WORK/files/f2k.bin"

echo "building provd.tftp (test classes) and its class path..." >&2
mvn -B -q $MVN_FLAGS -pl provd.tftp test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >"$WORK/mvn.log" 2>&1 \
    || { cat "$WORK/mvn.log" >&2; exit 1; }
CP="$ROOT/provd.tftp/target/classes:$ROOT/provd.tftp/target/test-classes:$(cat "$WORK/cp.txt")"

wait_for_line() { # file pattern
    for _ in $(seq 1 200); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "timed out waiting for '$2' in $1:" >&2
    cat "$1" >&2
    return 1
}

run_provd() {
    java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
        provd.tftp.internal.TftpStandalone "$WORK/files" "$PROVD_PORT" 127.0.0.1 >"$WORK/provd.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for_line "$WORK/provd.log" "listening on"
    "${LOAD[@]}" --port "$PROVD_PORT" --pid "$pid" --label provd | tee "$WORK/provd.out"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

run_tftpd() {
    if [ ! -x "$TFTPD" ]; then
        echo "in.tftpd not found: install tftpd-hpa" >&2
        echo "RESULT label=tftpd-hpa rate=0" > "$WORK/tftpd.out"
        return
    fi
    # -L: listen in the foreground, a child per request; -s: chroot to the directory.
    "$TFTPD" -L -s "$WORK/files" -a "127.0.0.1:$TFTPD_PORT" >"$WORK/tftpd.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    sleep 0.5
    "${LOAD[@]}" --port "$TFTPD_PORT" --pid "$pid" --label tftpd-hpa | tee "$WORK/tftpd.out"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

rate_of() { sed -n 's/^RESULT .* rate=\([0-9.]*\).*/\1/p' "$1" | tail -1; }

echo "== $(nproc) CPUs; $CLIENTS clients, ${DURATION} s measured after ${WARMUP} s warm-up, $ROUNDS round(s)"
PROVD_RATES=()
TFTPD_RATES=()
for round in $(seq 1 "$ROUNDS"); do
    echo "-- round $round: provd"
    run_provd
    PROVD_RATES+=("$(rate_of "$WORK/provd.out")")
    echo "-- round $round: tftpd-hpa ($TFTPD)"
    run_tftpd
    TFTPD_RATES+=("$(rate_of "$WORK/tftpd.out")")
done
echo "-- load generator ceiling"
"${LOAD[@]}" --responder | tee "$WORK/ceiling.out"
CEILING=$(rate_of "$WORK/ceiling.out")

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
P=$(median "${PROVD_RATES[@]}")
T=$(median "${TFTPD_RATES[@]}")
echo
echo "== summary (transfers/s of a 2 KB file, median of $ROUNDS round(s))"
echo "provd TFTP:                 $P   (rounds: ${PROVD_RATES[*]})"
echo "tftpd-hpa:                  $T   (rounds: ${TFTPD_RATES[*]})"
awk -v p="$P" -v t="$T" 'BEGIN { if (t > 0) printf "ratio provd / tftpd-hpa:     %.2f\n", p / t; else print "ratio provd / tftpd-hpa:     n/a" }'
echo "load generator ceiling:     $CEILING   (trivial in-process responder)"
