#!/usr/bin/env bash
# libkeras (kfit) against the PyTorch peers, alternating, in one session on the same cores.
#   bash bench/compare_peers.sh [REPS] [WORKLOAD...]   (default 3 repetitions of all four:
#                                                       mnist_cnn mlp cifar10_cnn imdb_lstm)
# Needs a built tree (build/), Debian's python3-torch + libopenblas0-pthread, and the peers in
# $PEERS_DIR (default ../shared/peers). Writes one JSON line per run to bench/results/<stamp>.jsonl
# and prints a summary with libkeras/PyTorch ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
shift || true
workloads=("$@")
((${#workloads[@]})) || workloads=(mnist_cnn mlp cifar10_cnn imdb_lstm)
peers=${PEERS_DIR:-../shared/peers}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/$stamp.jsonl
mkdir -p bench/results
kfit=./build/apps/kfit
[[ -x $kfit ]] || { echo "build first: ninja -C build" >&2; exit 1; }
[[ -f $peers/torch_mnist_cnn.py ]] || { echo "PyTorch peers not found in $peers" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -mavx2 -mfma -fopenmp -o "$tmp/fma_peak" "$peers/fma_peak.c"
peak=$(OMP_NUM_THREADS=$(nproc) "$tmp/fma_peak" | grep -oE '[0-9.]+ GFLOP/s' | sort -n | tail -1 | cut -d' ' -f1)
echo "{\"run\":\"fma_peak\",\"gflops\":$peak,\"cpu\":\"$(lscpu | sed -n 's/^Model name: *//p')\"}" >> "$out"

clean_env=(env -u OMP_NUM_THREADS -u OPENBLAS_NUM_THREADS -u MKL_NUM_THREADS -u OMP_WAIT_POLICY)
run_kfit() {  # name args...
  local name=$1; shift
  "${clean_env[@]}" $kfit fit "$@" --verbose 0 --report "$tmp/r.json" > /dev/null
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["run"]=sys.argv[2]; r["cmd"]=sys.argv[3]; print(json.dumps(r))' \
    "$tmp/r.json" "$name" "kfit fit $*" >> "$out"
}
run_peer() {  # name script args...
  local name=$1 script=$2; shift 2
  (cd "$peers" && "${clean_env[@]}" /usr/bin/python3 "$script" "$@") | tail -1 |
    python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); r["run"]=sys.argv[1]; r["cmd"]=sys.argv[2]; print(json.dumps(r))' \
    "$name" "$script $*" >> "$out"
}

# The IMDB runs use 6,400 of the 25,000 reviews for training and testing, as the peers' baseline
# does: the per-batch rate is steady long before, and a full PyTorch epoch takes over two minutes.
for rep in $(seq "$reps"); do
  echo "[$(date +%T)] rep $rep/$reps" >&2
  for w in "${workloads[@]}"; do
    case $w in
      mnist_cnn)
        run_kfit libkeras_mnist_cnn mnist_cnn --data fashion_mnist --validation-split 0
        run_peer torch_mnist_cnn torch_mnist_cnn.py --threads 2 --blas-threads 1 ;;
      mlp)
        run_kfit libkeras_mlp mlp --data fashion_mnist
        run_peer torch_mlp torch_mlp.py --threads 1 ;;
      cifar10_cnn)
        run_kfit libkeras_cifar10_cnn cifar10_cnn --data synthetic
        run_peer torch_cifar10_cnn torch_cifar_cnn.py --threads 2 --blas-threads 1 ;;
      imdb_lstm)
        run_kfit libkeras_imdb_lstm imdb_lstm --data synthetic --limit 6400 --test-limit 6400
        run_peer torch_imdb_lstm torch_imdb_lstm.py --default-threads --train-samples 6400 --test-samples 6400 ;;
      *) echo "unknown workload $w" >&2; exit 2 ;;
    esac
  done
done

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
peak = next(r["gflops"] for r in rows if r["run"] == "fma_peak")
cpu = next(r["cpu"] for r in rows if r["run"] == "fma_peak")
def med(run, key):
    v = [r[key] for r in rows if r["run"] == run and key in r]
    return statistics.median(v) if v else float("nan")
def acc(run):
    v = [r["test"]["accuracy"] if "test" in r else r.get("test_accuracy") for r in rows if r["run"] == run]
    v = [a for a in v if a is not None]
    return f"{statistics.median(v):.4f}" if v else "n/a"
# Train FLOPs per sample (peers/flops.py).
mflop = {"mnist_cnn": 71.95, "mlp": 1.41, "cifar10_cnn": 27.29, "imdb_lstm": 157.29}
synthetic = {"cifar10_cnn", "imdb_lstm"}  # random labels: accuracy means nothing
workloads = [w for w in ("mnist_cnn", "mlp", "cifar10_cnn", "imdb_lstm") if any(r["run"] == f"libkeras_{w}" for r in rows)]
print(f"{cpu}; fp32 FMA peak {peak:.0f} GFLOP/s on all cores; medians of {sum(r['run']==f'libkeras_{workloads[0]}' for r in rows)} runs")
print("| workload | libkeras train samples/s | PyTorch | ratio | eval ratio | test acc (libkeras / PyTorch) | peak RSS MB (libkeras / PyTorch) | libkeras % of FMA peak |")
print("|---|---|---|---|---|---|---|---|")
for w in workloads:
    lk, pt = f"libkeras_{w}", f"torch_{w}"
    t_l, t_p = med(lk, "train_samples_per_s"), med(pt, "train_samples_per_s")
    e_l, e_p = med(lk, "eval_samples_per_s"), med(pt, "eval_samples_per_s")
    accuracy = "n/a (synthetic)" if w in synthetic else acc(lk) + " / " + acc(pt)
    print(f"| {w} | {t_l:,.0f} | {t_p:,.0f} | {t_l/t_p:.2f}x | {e_l/e_p:.2f}x | {accuracy} | "
          f"{med(lk,'peak_rss_mb'):.0f} / {med(pt,'peak_rss_mb'):.0f} | {100*t_l*mflop[w]/1e3/peak:.0f}% |")
PY
echo "raw results: $out" >&2
