# Set-up shared by the Slurm ctests (tests/reports/slurm_*_test.sh). Source it, then:
#   fb_slurm_test_setup "$@"     # $1 = the factorbench binary, $2 = the repository root
# It starts the local single-node cluster (scripts/slurm-local-cluster.sh; its exit code 77 skips the test)
# and sets exe, root, work (a scratch folder removed on exit), spec and preset (the tiny reproduction).

fb_slurm_test_setup() {
  exe="$1"
  root="$2"
  bash "$root/scripts/slurm-local-cluster.sh" start || exit $?
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  spec="$root/tests/reports/data/tiny-spec.json"
  preset="$root/tests/reports/data/tiny-preset.json"
}
