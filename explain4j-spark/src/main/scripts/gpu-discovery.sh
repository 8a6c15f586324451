#!/usr/bin/env bash
# Spark GPU discovery script for explain4j executors: prints the node's GPUs in the JSON Spark's
# resource scheduling reads ({"name": "gpu", "addresses": ["0", "1"]}), from nvidia-smi.
# Use: spark.worker.resource.gpu.discoveryScript / spark.executor.resource.gpu.discoveryScript.
set -euo pipefail
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)
printf '{"name": "gpu", "addresses": [%s]}\n' "$(printf '%s' "$ids" | sed -E 's/([0-9]+)/"\1"/g')"
