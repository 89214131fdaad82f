#!/usr/bin/env bash
# The boot-storm simulator and the reliability suite of issue 9, one command each:
#
#   bench/storm/run.sh storm|crash|fuzz|churn|soak|wrk [options]
#
# Compiles bench/storm/src (a JDK 17, no library, no Maven) once into a cache directory named by the sources'
# digest, then runs the command's class from the current directory (its default --jar is cnf/target/provd.jar).
# Each command documents its options at the top of its source file; an unknown option lists the known ones.
set -euo pipefail

src=$(cd "$(dirname "$0")" && pwd)/src
case "${1:-}" in
    storm) main=Storm ;;
    crash) main=Crash ;;
    fuzz) main=Fuzz ;;
    churn) main=Churn ;;
    soak) main=Soak ;;
    wrk) main=Wrk ;;
    *) echo "usage: $0 storm|crash|fuzz|churn|soak|wrk [options]" >&2; exit 2 ;;
esac
shift

# the reference servers and wrk come from Debian packages, installed when missing (unless --no-reference)
missing=()
if [ "$main" = Storm ] && [[ " $* " != *" --no-reference "* ]]; then
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v in.tftpd >/dev/null 2>&1 || [ -x /usr/sbin/in.tftpd ] || missing+=(tftpd-hpa)
elif [ "$main" = Wrk ]; then
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

classes=${TMPDIR:-/tmp}/provd-bench-storm-$(cat "$src"/*.java | sha1sum | cut -c1-16)
if [ ! -d "$classes" ]; then
    # compiled aside and moved into place, so that two runs starting together never see half the classes
    scratch=$(mktemp -d "$classes.XXXXXX")
    javac --release 17 -d "$scratch" "$src"/*.java
    mv -T "$scratch" "$classes" 2>/dev/null || rm -rf "$scratch"
fi
exec java -cp "$classes" "$main" "$@"
