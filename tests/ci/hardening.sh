#!/usr/bin/env bash
# Hardening CI (issue 6): runs from the source root, builds what it needs in its own build
# directories (reused when present) and exits non-zero when any part fails. The parts:
#   asan  the whole ctest suite (core, then UI under Xvfb) built with AddressSanitizer +
#         UndefinedBehaviorSanitizer (g++); LeakSanitizer on, only system-library leaks suppressed
#         (tests/sanitizers/lsan.supp)
#   tsan  the core tests (loopback HTTP servers, -j runs, admin API, engines over HTTP) under
#         ThreadSanitizer (g++), then `serve` under the soak's load for 10 s
#   fuzz  the libFuzzer targets of tests/fuzz (clang, with ASan + UBSan), each for a bounded time
#   soak  tests/soak: `serve` under load with faults on, built with ASan (LeakSanitizer checks
#         serve's exit on SIGTERM; the RSS bound is checked by the regular suite's soak_serve, where
#         RSS means something)
# Usage: tests/ci/hardening.sh [asan] [tsan] [fuzz] [soak]     (no argument: all four)
# Environment: LOGINSCOPE_ASAN_DIR, LOGINSCOPE_TSAN_DIR, LOGINSCOPE_FUZZ_DIR (build directories,
# default build-asan, build-tsan, build-fuzz under the source root), LOGINSCOPE_FUZZ_SECONDS (per
# target at most, default 20), LOGINSCOPE_FUZZ_SEED / LOGINSCOPE_FUZZ_RUNS (default 1 / 40000: the
# same inputs every run; 0 / -1 for a random seed until the time is up), LOGINSCOPE_SOAK_SECONDS
# (default 20), LOGINSCOPE_JOBS (default 2).
set -uo pipefail
cd "$(dirname "$0")/../.."
src=$PWD

asan_dir=${LOGINSCOPE_ASAN_DIR:-$src/build-asan}
tsan_dir=${LOGINSCOPE_TSAN_DIR:-$src/build-tsan}
fuzz_dir=${LOGINSCOPE_FUZZ_DIR:-$src/build-fuzz}
fuzz_seconds=${LOGINSCOPE_FUZZ_SECONDS:-20}
fuzz_seed=${LOGINSCOPE_FUZZ_SEED:-1}
fuzz_runs=${LOGINSCOPE_FUZZ_RUNS:-40000}
soak_seconds=${LOGINSCOPE_SOAK_SECONDS:-20}
jobs=${LOGINSCOPE_JOBS:-2}

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(asan tsan fuzz soak)
for p in "${parts[@]}"; do
  case $p in asan|tsan|fuzz|soak) ;; *) echo "hardening.sh: unknown part \"$p\" (asan, tsan, fuzz, soak)" >&2; exit 2 ;; esac
done
wants() { local p; for p in "${parts[@]}"; do [ "$p" = "$1" ] && return 0; done; return 1; }

bash third_party/install-deps.sh || exit 1

# Sanitizer settings for everything started below (ctest passes the environment on to the tests,
# and they to the processes they start: `loginscope serve`, `run`, `screenshot` under xvfb-run).
# Any report fails the process: ASan and UBSan stop at the first error; LeakSanitizer and
# ThreadSanitizer (which reports every race it sees, then exits with 66) make the exit status
# non-zero.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_init_order=1:check_initialization_order=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$src/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# TSan otherwise sleeps 1 s at every exit (for late reports): 365 test processes, 3 minutes.
export TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:atexit_sleep_ms=100:suppressions=$src/tests/sanitizers/tsan.supp"
if command -v llvm-symbolizer >/dev/null 2>&1; then
  export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
fi
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
# The core tests' hang watchdog (60 s) is for the plain build: sanitizers run the same work 3–15×
# slower (explore's hundreds of runs per flow most of all).
export LOGINSCOPE_WATCHDOG_S=${LOGINSCOPE_WATCHDOG_S:-900}

summary=()
failed=0
# run NAME COMMAND…: runs and times one step, records the result.
run() {
  local name=$1; shift
  echo
  echo "==== $name: $*"
  local t0=$SECONDS
  "$@"
  local rc=$?
  local secs=$((SECONDS - t0))
  local verdict=ok
  if [ $rc -ne 0 ]; then verdict="FAILED (exit $rc)"; failed=1; fi
  summary+=("$(printf '%-34s %6ss  %s' "$name" "$secs" "$verdict")")
  return $rc
}

# Sanitizer builds at -O1 with line tables only: what the sanitizers' docs advise for speed, reports
# still name file and line, and the builds take far less time than -O2 -g (json and httplib's templates).
configure() {  # configure DIR ARGS…  (a reused directory keeps its build, only the options change)
  local dir=$1; shift
  mkdir -p "$dir"
  cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    "$@" >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; return 1; }
}

asan_build() {
  configure "$asan_dir" -DCMAKE_CXX_COMPILER=g++ -DLOGINSCOPE_SANITIZE=address,undefined \
    -DLOGINSCOPE_SOAK=ON -DLOGINSCOPE_SOAK_SECONDS="$soak_seconds" &&
    cmake --build "$asan_dir" -j"$jobs" --target loginscope loginscope_core_tests loginscope_ui_tests loginscope_soak_serve
}
# The core tests and what they start (`loginscope`), and the soak program: the GUI has no threads
# of its own to race.
tsan_build() {
  configure "$tsan_dir" -DCMAKE_CXX_COMPILER=g++ -DLOGINSCOPE_SANITIZE=thread &&
    cmake --build "$tsan_dir" -j"$jobs" --target loginscope_core_tests loginscope_soak_serve
}
fuzz_build() {
  configure "$fuzz_dir" -DCMAKE_CXX_COMPILER=clang++ -DLOGINSCOPE_FUZZ=ON -DLOGINSCOPE_SANITIZE=address,undefined \
    -DLOGINSCOPE_FUZZ_SECONDS="$fuzz_seconds" -DLOGINSCOPE_FUZZ_SEED="$fuzz_seed" -DLOGINSCOPE_FUZZ_RUNS="$fuzz_runs" &&
    cmake --build "$fuzz_dir" -j"$jobs" --target loginscope_fuzz_scenario loginscope_fuzz_admin loginscope_fuzz_endpoints loginscope_fuzz_http
}

# The UI tests' real windows use Mesa's software rasteriser, which glfwTerminate() unloads before
# LeakSanitizer runs: memory that only its globals still point to then looks leaked, from an
# "<unknown module>" no suppression can name (tests/sanitizers/lsan.supp). Preloaded, the driver
# stays mapped and that memory stays reachable. ASan must otherwise come first in the library list.
asan_ui_tests() {
  local dri
  dri=$(dpkg -L libgl1-mesa-dri 2>/dev/null | grep -m1 '/swrast_dri\.so$')
  if [ -z "$dri" ]; then
    echo "hardening.sh: Mesa's swrast_dri.so not found (libgl1-mesa-dri); its teardown may show as leaks" >&2
    ctest --test-dir "$asan_dir" -L ui -E "$asan_skip" -j"$jobs" --output-on-failure
    return
  fi
  ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" LD_PRELOAD="$dri" \
    ctest --test-dir "$asan_dir" -L ui -E "$asan_skip" -j"$jobs" --output-on-failure
}
# Wall-clock assertions, which ASan's slowdown breaks by design; they run in the plain suite.
asan_skip='^panels stay fast with 100000 events$'

t_start=$SECONDS

if wants asan || wants soak; then
  if run "asan: configure + build" asan_build; then
    wants asan && run "asan: ctest -L core" ctest --test-dir "$asan_dir" -L core -E "$asan_skip" -j"$jobs" --output-on-failure
    wants asan && run "asan: ctest -L ui (Xvfb)" asan_ui_tests
    wants soak && run "soak: serve ${soak_seconds}s, ASan build" ctest --test-dir "$asan_dir" -L soak -V
  fi
fi

if wants tsan && run "tsan: configure + build" tsan_build; then
  run "tsan: ctest -L core" ctest --test-dir "$tsan_dir" -L core -j"$jobs" --output-on-failure
  # serve is the one place where many threads share one engine: the soak's load under TSan.
  run "tsan: serve under load, 10s" "$tsan_dir/tests/soak/loginscope_soak_serve" \
    --bin "$tsan_dir/app/loginscope" --seconds 10 --rounds 2 --rss-growth-mb -1
fi

if wants fuzz; then
  if ! command -v clang++ >/dev/null 2>&1; then
    echo "hardening.sh: clang++ is missing (third_party/install-deps.sh installs it)" >&2
    summary+=("fuzz: no clang++ FAILED"); failed=1
  elif run "fuzz: configure + build" fuzz_build; then
    run "fuzz: seed ${fuzz_seed}, ${fuzz_runs} inputs or ${fuzz_seconds}s per target" ctest --test-dir "$fuzz_dir" -L fuzz -j"$jobs" --output-on-failure
    if compgen -G "$fuzz_dir/tests/fuzz/artifacts/*" >/dev/null; then
      echo "fuzz artifacts (inputs that crashed, leaked or timed out; replay: the target's binary with the file as argument):"
      ls -l "$fuzz_dir"/tests/fuzz/artifacts/
    fi
  fi
fi

echo
echo "==== hardening summary (wall time, seconds)"
printf '%s\n' "${summary[@]}"
printf '%-34s %6ss\n' "total" "$((SECONDS - t_start))"
[ $failed -eq 0 ] && echo "hardening: passed" || echo "hardening: FAILED"
exit $failed
