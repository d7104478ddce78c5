#!/usr/bin/env bash
# Starts a single-node Slurm cluster on localhost (munge + slurmctld + slurmd) for testing the Slurm
# backend. Installs Debian's slurm-wlm and munge when missing. Needs root; exits 77 (ctest "skipped")
# when it cannot run here.
#   bash scripts/slurm-local-cluster.sh start|stop
set -euo pipefail
action="${1:-start}"
if [[ $(id -u) -ne 0 ]]; then echo "slurm-local-cluster: needs root" >&2; exit 77; fi

if [[ "$action" == "stop" ]]; then
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null 2>&1)) ||
    { echo "slurm-local-cluster: cannot install slurm-wlm/munge" >&2; exit 77; }
fi

# munge: a key and a running daemon (it refuses to run as root).
if [[ ! -s /etc/munge/munge.key ]]; then
  mkdir -p /etc/munge
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged

host=$(hostname -s)
cpus=$(nproc)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=factorbench-test
SlurmctldHost=${host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job (preemption, time limit, retry) may start again once its old credential expired: 10 s here
# instead of 120 s keeps the requeue tests short.
AuthInfo=cred_expire=10
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
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
# (nothing is bound to them: TaskPlugin=task/none).
cat > /etc/slurm/gres.conf.new <<CONF
NodeName=${host} Name=gpu File=/dev/null
NodeName=${host} Name=gpu File=/dev/zero
CONF
mv /etc/slurm/gres.conf.new /etc/slurm/gres.conf
# Daemons started with another configuration (an older version of this script) restart to read this one.
sum=$(cat /etc/slurm/slurm.conf /etc/slurm/gres.conf | md5sum | cut -d' ' -f1)
if [[ "$(cat /run/factorbench-slurm.sum 2>/dev/null)" != "$sum" ]]; then
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  for _ in $(seq 1 20); do pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null || break; sleep 0.5; done
  # A node registered under the old configuration may be stuck in INVAL; forget its saved state.
  rm -f /var/spool/slurmctld/node_state /var/spool/slurmctld/node_state.old
  echo "$sum" > /run/factorbench-slurm.sum
fi
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then exit 0; fi
  scontrol update NodeName="${host}" State=RESUME >/dev/null 2>&1 || true
  sleep 1
done
echo "slurm-local-cluster: the node did not become idle; see /var/log/slurm/" >&2
exit 1
