#!/bin/bash -eu
# ClusterFuzzLite entry point: the same script OSS-Fuzz runs.
exec "$SRC/sessionlab/fuzz/oss-fuzz-build.sh"
