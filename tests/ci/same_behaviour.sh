#!/usr/bin/env bash
# Behaviour unchanged (issue 14): two builds of loginscope replay every shipped scenario to the same
# JSON report (events included, timings aside) and explore every flow to the same findings.
# Usage: tests/ci/same_behaviour.sh BEFORE/loginscope AFTER/loginscope   (exit 0 same, 1 different)
set -uo pipefail
cd "$(dirname "$0")/../.."
before=$(realpath "$1") after=$(realpath "$2")
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
status=0
flows="wechat-mp taro wechat-app swan uni-weixin uni-apple univerify douyin alipay"
for side in before after; do
  bin=${!side}
  "$bin" run assets/scenarios/*/*.json --transport in_process --json "$work/$side.json" > /dev/null 2>&1
  # Timings aside, and RSA signatures: Alipay's demo key pairs are drawn anew in every process.
  python3 -c 'import json,re,sys; d=json.load(open(sys.argv[1])); [s.pop("real_seconds",None) for s in d["scenarios"]]
t=re.sub(r"sign=[^&\"]*", "sign=SIG", json.dumps(d, sort_keys=True)); t=re.sub(r"(\\\"sign\\\":\\\")[^\\]*", r"\1SIG", t)
open(sys.argv[1],"w").write(t)' "$work/$side.json"
  for flow in $flows; do
    (cd "$work" && "$bin" explore --flow "$flow" --runs 40 --seed 7 --flaw accept-reused-code --out "$side-$flow" 2>&1 |
       sed "s#$side-$flow#OUT#g" > "$side-$flow.txt")
  done
done
cmp -s "$work/before.json" "$work/after.json" && echo "run: the same reports" || { echo "run: the reports differ"; status=1; }
for flow in $flows; do
  if cmp -s "$work/before-$flow.txt" "$work/after-$flow.txt" &&
     diff -r "$work/before-$flow" "$work/after-$flow" > /dev/null 2>&1 ||
     { [ ! -e "$work/before-$flow" ] && [ ! -e "$work/after-$flow" ] && cmp -s "$work/before-$flow.txt" "$work/after-$flow.txt"; }; then
    echo "explore $flow: the same"
  else
    echo "explore $flow: different"; status=1
  fi
done
exit $status
