#!/usr/bin/env bash
# What `make demo` runs until the learning job exists: a Thompson sampling simulation through the
# native CLI and through the npm package's bin (the core compiled to wasm), checked to agree; the
# policies side by side; and, when ../shared/data/obd is there, off-policy evaluation of a uniform
# random policy on the real Thompson-sampling log of the Open Bandit Dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
native=build/native-release/bin/learnloop
args=(bandit simulate --policy thompson --probs 0.02,0.03,0.05 --rounds 100000 --seed 7)
echo "\$ learnloop ${args[*]}"
"$native" "${args[@]}"
echo
echo "\$ learnloop ${args[*]} --json                  # native CLI"
from_native=$("$native" "${args[@]}" --json)
echo "$from_native"
echo "\$ node dist/cli.js ${args[*]} --json           # the npm package's learnloop bin (wasm in Node)"
from_wasm=$(node dist/cli.js "${args[@]}" --json)
echo "$from_wasm"
if [[ "$from_native" == "$from_wasm" ]]; then echo "native and wasm agree"; else echo "native and wasm DISAGREE" >&2; exit 1; fi

echo
echo "Expected regret after 100,000 rounds (seed 7):"
for policy in thompson ucb1 epsilon-greedy; do
  printf '  %-15s %s\n' "$policy" "$("$native" bandit simulate --policy "$policy" --probs 0.02,0.03,0.05 --rounds 100000 --seed 7 --json | sed -E 's/.*"regret":([0-9.]+).*/\1/')"
done

obd=../shared/data/obd/bts_men.csv
if [[ -f $obd ]]; then
  mkdir -p build/demo
  awk -F, 'NR == 1 { print $0 ",target_prob"; next } { print $0 "," 1/34 }' "$obd" > build/demo/bts_men_uniform_target.csv
  echo
  echo "Off-policy value of a uniform random policy, from the Thompson-sampling log (on-policy truth 0.0046):"
  echo "\$ learnloop ope --log build/demo/bts_men_uniform_target.csv --reward-col click --propensity-col propensity_score --target-col target_prob --action-col item_id"
  "$native" ope --log build/demo/bts_men_uniform_target.csv --reward-col click --propensity-col propensity_score \
    --target-col target_prob --action-col item_id
fi
