#!/usr/bin/env bash
# The GPU check, one script: harness test, speed, and the `fast`-preset CIFAR-10 α sweep.
#
#   benchmarks/gpu_check.sh OUTDIR            (run from the repository root)
#
# Everything it prints and writes lands under OUTDIR; it stops by itself before its time budget
# (MIXCHECK_GPU_BUDGET_S, default 530 s) and resumes where it stopped when run again: finished
# steps are skipped (OUTDIR/done.*), and the sweep store (OUTDIR/store) resumes run by run.
#
# Data: the JPEG CIFAR-10 archive at $MIXCHECK_GPU_DATA (default .data/cifar10-jpeg.tar.gz, a
# git-ignored copy of ../shared/datasets/cifar10-jpeg.tar.gz), else ../shared/datasets/….
# Steps, in order:
#   1. pytest -m gpu at a tiny size (α = 1, seed 0, 1 epoch);
#   2. benchmarks/bench_pipeline.py (reference-style pipeline vs the harness) and the Rademacher
#      engine's GPU figures (benchmarks/bench_rademacher.py);
#   3. the `fast` sweep, α ∈ {0, 0.1, 0.2, 0.4, 0.8, 1.0, 2.0, 4.0}: seed 0 for every α, then
#      seed 1 (two shards at once on the one GPU when MIXCHECK_GPU_SHARDS=2), until the budget.
# MIXCHECK_GPU_TINY=1 rehearses the whole script at a toy size (any device, minutes on a CPU).
# On the lent machine, OUTDIR is a scratch folder; copy what comes back into $OUT (at most 8 files):
#   benchmarks/gpu_check.sh /tmp/gc; cp /tmp/gc/{gpu_check.log,environment.txt,store.tar.gz,sweep_report.txt} $OUT/
set -uo pipefail
OUT=${1:?usage: benchmarks/gpu_check.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$(dirname "$0")/.."
START=$(date +%s)
BUDGET=${MIXCHECK_GPU_BUDGET_S:-530}
SHARDS=${MIXCHECK_GPU_SHARDS:-1}
TINY=${MIXCHECK_GPU_TINY:-0}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1  # data cache: $MIXCHECK_CACHE or ~/.cache
LOG="$OUT/gpu_check.log"
PY=${PYTHON:-python3}

log() { echo "[gpu_check $(( $(date +%s) - START ))s] $*" | tee -a "$LOG"; }
left() { echo $(( BUDGET - ($(date +%s) - START) )); }
step() {  # step NAME SECONDS_CAP CMD... : run once (skipped when done), killed at the cap or the budget
  local name=$1 cap=$2; shift 2
  if [ -e "$OUT/done.$name" ]; then log "$name: done in an earlier run, skipped"; return 0; fi
  local t=$(left); [ "$t" -lt "$cap" ] && cap=$t
  if [ "$cap" -le 5 ]; then log "$name: no time left, stopping"; return 1; fi
  log "$name: start (cap ${cap}s): $*"
  timeout --signal=KILL "$cap" "$@" 2>&1 | tee -a "$OUT/$name.log"
  local rc=${PIPESTATUS[0]}
  log "$name: exit $rc"
  [ "$rc" -eq 0 ] && touch "$OUT/done.$name"
  return 0
}

DATA=${MIXCHECK_GPU_DATA:-.data/cifar10-jpeg.tar.gz}
[ -f "$DATA" ] || DATA=../shared/datasets/cifar10-jpeg.tar.gz
[ -f "$DATA" ] || { log "no CIFAR-10 archive (tried .data/ and ../shared/datasets/)"; exit 2; }
log "data: $DATA; budget ${BUDGET}s; shards $SHARDS; tiny $TINY"
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null || echo "no nvidia-smi"
  $PY -c "import torch, torchvision, sys; print('python', sys.version.split()[0], 'torch', torch.__version__, 'torchvision', torchvision.__version__, 'cuda', torch.version.cuda, 'device', torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none')"
  git rev-parse HEAD 2>/dev/null; } > "$OUT/environment.txt" 2>&1
cat "$OUT/environment.txt" | tee -a "$LOG"

if [ "$TINY" = 1 ]; then
  ALPHAS="1.0"; SEEDS1="0"; SEEDS2="1"; SWEEP_EXTRA=(--epochs 1 --width 4 --train-subset 500 --clean-subset 200 --batch-size 64)
  BENCH=(--synthetic --images 512 --batch-size 64 --width 4 --passes 1 --workers 0); RAD=(--quick --repeats 1)
else
  ALPHAS="0.1 0.2 0.4 0.8 1.0 2.0 4.0"; SEEDS1="0"; SEEDS2="1"; SWEEP_EXTRA=()
  BENCH=(--data-root "$DATA" --passes 2); RAD=(--repeats 3)
fi

# 1. the gpu-marked test at a tiny size (it skips with its reason where there is no CUDA)
MIXCHECK_SWEEP_ALPHAS=1 MIXCHECK_SWEEP_SEEDS=0 MIXCHECK_SWEEP_EPOCHS=1 MIXCHECK_SWEEP_DATA_ROOT="$DATA" \
  step pytest_gpu 150 $PY -m pytest -m gpu -q -rs -p no:cacheprovider tests/test_experiments_gpu.py || exit 0

# 2. speed: pipelines (images/s and their ratio) and the Rademacher engine on the GPU
step bench_pipeline 120 $PY benchmarks/bench_pipeline.py "${BENCH[@]}" --json || exit 0
step bench_rademacher 60 $PY benchmarks/bench_rademacher.py "${RAD[@]}" || exit 0

# 3. the sweep: seed 0 for every α first, then seed 1; killed at the budget, resumed by a rerun
sweep() {  # sweep SEEDS
  local args=(sweep --dataset imagefolder --data-root "$DATA" --preset fast --alphas $ALPHAS --seeds $1
              --out "$OUT/store" --no-progress --checkpoint-every 1 "${SWEEP_EXTRA[@]}")
  if [ "$SHARDS" -gt 1 ]; then
    local pids=()
    for i in $(seq 0 $((SHARDS - 1))); do
      timeout --signal=KILL "$(left)" $PY -m mixcheck "${args[@]}" --shard "$i/$SHARDS" >> "$OUT/sweep.log" 2>&1 &
      pids+=($!)
    done
    wait "${pids[@]}"
  else
    timeout --signal=KILL "$(left)" $PY -m mixcheck "${args[@]}" >> "$OUT/sweep.log" 2>&1
  fi
}
for seeds in "$SEEDS1" "$SEEDS2"; do
  [ "$(left)" -le 20 ] && { log "sweep: budget spent; rerun to resume"; break; }
  log "sweep seeds $seeds: start"
  sweep "$seeds"
  log "sweep seeds $seeds: exit $?"
done
$PY -m mixcheck sweep-report "$OUT/store" --out "$OUT/report" > "$OUT/sweep_report.txt" 2>&1 || true
tail -n 25 "$OUT/sweep_report.txt" | tee -a "$LOG"
# what comes back: the records and sweep.json (never checkpoints), logs and figures
tar czf "$OUT/store.tar.gz" -C "$OUT" --exclude=checkpoints --exclude=locks store 2>/dev/null || true
log "finished in $(( $(date +%s) - START ))s"
