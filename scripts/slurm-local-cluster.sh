#!/usr/bin/env bash
# A private single-node Slurm cluster on localhost for the Slurm ctests: its own munged, slurmctld and slurmd,
# with their configuration, ports, state, spool, logs and PID files all under DIR. Every test gets a fresh
# cluster (no job or node state carried over from an earlier one) and stops exactly the daemons it started,
# by the PIDs in DIR; other clusters on the machine (another test's, a real one) are never touched.
#   bash scripts/slurm-local-cluster.sh start DIR   # then: export SLURM_CONF=DIR/slurm.conf
#   bash scripts/slurm-local-cluster.sh stop DIR    # cancels DIR's jobs, stops its daemons (bounded waits)
# Installs Debian's slurm-wlm and munge when missing. Needs root; exits 77 (ctest "skipped") when it cannot
# run here. Every wait is bounded: start gives up after 60 s, stop kills what has not exited after 15 s.
set -euo pipefail
action="${1:-}"
dir="${2:-}"
if [[ "$action" != start && "$action" != stop ]] || [[ -z "$dir" ]]; then
  echo "usage: slurm-local-cluster.sh start|stop DIR" >&2
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then echo "slurm-local-cluster: needs root" >&2; exit 77; fi

# Stops the daemon whose PID file is $1 (if it names a live process): TERM, up to 15 s, then KILL.
stop_daemon() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "slurm-local-cluster: $1 ($pid) did not stop in 15 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

if [[ "$action" == stop ]]; then
  [[ -d "$dir" ]] || exit 0
  if [[ -s "$dir/slurmctld.pid" ]]; then
    # Running jobs first, so no slurmstepd outlives its slurmd.
    SLURM_CONF="$dir/slurm.conf" timeout 10 scancel --quiet --full --user=root 2>/dev/null || true
    for _ in $(seq 1 50); do
      [[ -z "$(SLURM_CONF="$dir/slurm.conf" timeout 5 squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.2
    done
  fi
  stop_daemon "$dir/slurmd.pid"
  stop_daemon "$dir/slurmctld.pid"
  stop_daemon "$dir/munge/munged.pid"
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null 2>&1)) ||
    { echo "slurm-local-cluster: cannot install slurm-wlm/munge" >&2; exit 77; }
fi

# munge: the machine's key, a daemon of our own on a socket in DIR (munged refuses to run as root, and checks
# that its directories are not writable by others).
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  chown -R munge:munge /etc/munge
  chmod 400 /etc/munge/munge.key
fi
mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
chmod 755 "$dir"
chown munge:munge "$dir/munge"
chmod 755 "$dir/munge"  # the socket's folder: everyone may connect (munge authenticates each client)
runuser -u munge -- /usr/sbin/munged --socket="$dir/munge/munge.socket" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"

# Two free ports (asked of the kernel; the cluster binds them a moment later).
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
host=$(hostname -s)
cpus=$(nproc)
cat > "$dir/slurm.conf" <<CONF
ClusterName=factorbench-test
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job (preemption, time limit, retry) may start again once its old credential expired: 10 s here
# instead of 120 s keeps the requeue tests short.
AuthInfo=socket=${dir}/munge/munge.socket,cred_expire=10
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool
SlurmctldPidFile=${dir}/slurmctld.pid
SlurmdPidFile=${dir}/slurmd.pid
SlurmctldLogFile=${dir}/slurmctld.log
SlurmdLogFile=${dir}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
GresTypes=gpu
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
# Two stand-in GPUs, so a profile's gpus_per_task is allocated and can be checked on a machine without GPUs.
# Slurm 22.05 drops a GPU without a File; /dev/null and /dev/zero are character devices every machine has
# (nothing is bound to them: TaskPlugin=task/none). slurmd reads gres.conf beside slurm.conf.
cat > "$dir/gres.conf" <<CONF
NodeName=${host} Name=gpu File=/dev/null
NodeName=${host} Name=gpu File=/dev/zero
CONF
export SLURM_CONF="$dir/slurm.conf"
# Both daemonise (stdio to /dev/null, so ctest sees its pipes close) and write their PID files in DIR.
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  # "idle*" (an asterisk) is a node that has not answered yet: not ready.
  if timeout 5 sinfo -h -o %T 2>/dev/null | grep -qxE '(idle|mixed|allocated)'; then exit 0; fi
  sleep 1
done
echo "slurm-local-cluster: the node did not become idle in 60 s; see $dir/*.log" >&2
exit 1
