#!/usr/bin/env bash
# The core's figures: first-contact identifications/s, reconfiguration of every device after a change to base,
# and the load time of a store of 100,000 devices, beside the disk's durable-write rate.
# Usage: bench/core.sh [devices=10000] [stored devices=100000] [request threads=4]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl provd.core test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
java -Xms1g -Xmx2g -cp "provd.core/target/test-classes:provd.core/target/classes:$(cat provd.core/target/bench.classpath)" \
    provd.core.internal.CoreBench "$@"
