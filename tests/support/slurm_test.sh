# Set-up shared by the Slurm ctests (tests/reports/slurm_*_test.sh). Source it, then:
#   fb_slurm_test_setup "$@"     # $1 = the factorbench binary, $2 = the repository root
# It starts a private single-node cluster for this test alone (scripts/slurm-local-cluster.sh: its own munged,
# slurmctld and slurmd, ports and state under the scratch folder; its exit code 77 skips the test), exports
# SLURM_CONF so that factorbench's sbatch/squeue/scontrol and the batch scripts reach it, and sets exe, root,
# work (the scratch folder), spec and preset (the tiny reproduction). On exit, however the test ends, it
# cancels the cluster's jobs, stops the daemons it started (by their PID files) and removes the folder.
# Bounded time: every command that waits on the cluster runs under fb_timeout, which gives it what is left of
# the test's budget (FB_SLURM_BUDGET seconds from set-up, default 780: ctest's TIMEOUT of 900 less time for
# the stop), so the test fails, and its exit trap still stops the cluster, before ctest would kill it.
#
# A cluster per test rather than one shared system cluster stopped and restarted between tests: that restart
# hung. `pkill` returned before slurmctld had finished shutting down, so the restart's `pgrep || slurmctld`
# saw the dying controller and started none; then every sinfo/scontrol of the readiness loop blocked on
# connection retries, and the test waited for a controller that never came. A fresh folder also carries no
# jobs or node state over from an earlier test.

fb_slurm_test_teardown() {
  local pids
  mapfile -t pids < <(jobs -p)  # a reproduce the test left in the background
  ((${#pids[@]} == 0)) || kill "${pids[@]}" 2>/dev/null || true
  bash "$root/scripts/slurm-local-cluster.sh" stop "$work/cluster" || true
  rm -rf "$work"
}

fb_timeout() {
  local left=$((fb_deadline - $(date +%s)))
  ((left > 0)) || left=1
  timeout --kill-after=10 "$left" "$@"
}

fb_slurm_test_setup() {
  exe="$1"
  root="$2"
  fb_deadline=$(($(date +%s) + ${FB_SLURM_BUDGET:-780}))
  work=$(mktemp -d)
  chmod 755 "$work"  # munged (its own user) reaches its socket folder inside
  trap fb_slurm_test_teardown EXIT
  local rc=0
  bash "$root/scripts/slurm-local-cluster.sh" start "$work/cluster" || rc=$?
  [[ "$rc" -eq 0 ]] || exit "$rc"
  export SLURM_CONF="$work/cluster/slurm.conf"
  spec="$root/tests/reports/data/tiny-spec.json"
  preset="$root/tests/reports/data/tiny-preset.json"
}
