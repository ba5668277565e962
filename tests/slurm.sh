#!/bin/sh
# A Slurm job array over WET shards gives, shard by shard, what one process
# gives: the README's recipe, run on a single-node cluster (munged,
# slurmctld and slurmd on this host, all state in a temporary directory).
# Needs root and Debian's slurm-wlm; skipped, saying so, without them.
# usage: tests/slurm.sh DECRUFT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures

for tool in munged slurmctld slurmd sbatch sinfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "slurm: skip: $tool is not installed (Debian: apt-get install slurm-wlm)"
        exit 0
    fi
done
if [ "$(id -u)" != 0 ]; then
    echo "slurm: skip: slurmd needs root"
    exit 0
fi

work=$(mktemp -d)
chmod 755 "$work" # munged checks that its socket's directory is reachable
cleanup() {
    for pid in "$work"/slurmd.pid "$work"/slurmctld.pid; do
        [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
    done
    munged --stop --socket="$work/munge/sock" >/dev/null 2>&1
    sleep 1
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
mkdir -p munge state spool log out shards
chmod 700 munge
dd if=/dev/urandom of=munge/munge.key bs=1024 count=1 2>/dev/null
chmod 400 munge/munge.key

fail() {
    echo "slurm: FAIL: $1"
    for f in log/*; do
        echo "--- $f"
        tail -n 20 "$f"
    done
    exit 1
}

munged --force --socket="$work/munge/sock" --key-file="$work/munge/munge.key" --log-file="$work/log/munged.log" \
    --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/seed" || fail "munged did not start"

# Ports from the process id, so that two runs on one machine do not meet.
port=$((20000 + $$ % 20000))
host=$(hostname -s)
cat >slurm.conf <<EOF
ClusterName=decruft-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/sock
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
tries=0
until sinfo -h -o %t 2>/dev/null | grep -q idle; do
    tries=$((tries + 1))
    [ $tries -gt 30 ] && fail "the node did not come up in 30 s"
    sleep 1
done

# Three WET shards, gzip member per record, from the text fixtures of
# cruft in each language and of text to keep (not the bad-input ones).
set -- "$fixtures"/??-*/input.txt "$fixtures"/keep-*/input.txt "$fixtures"/seed-*/input.txt
n=0
for f in "$@"; do
    echo "$f" >>"shards/list$((n % 3))"
    n=$((n + 1))
done
for i in 0 1 2; do
    # shellcheck disable=SC2046
    python3 "$here/make_warc.py" "shards/$i.warc.wet.gz" --wet $(cat "shards/list$i") || fail "make_warc.py"
    echo "$work/shards/$i.warc.wet.gz" >>wet-files.txt
done

# The README's job script.
cat >clean.sh <<EOF
#!/bin/sh
f=\$(sed -n "\$((SLURM_ARRAY_TASK_ID + 1))p" wet-files.txt)
exec "$bin" -j "\${SLURM_CPUS_PER_TASK:-1}" --warc "\$f" > "out/\$SLURM_ARRAY_TASK_ID.jsonl"
EOF
chmod +x clean.sh
timeout 120 sbatch --wait --array=0-2 --chdir="$work" -o "$work/log/task-%a.out" ./clean.sh >/dev/null ||
    fail "the array job did not finish cleanly"

failed=0
for i in 0 1 2; do
    "$bin" --no-progress --warc "shards/$i.warc.wet.gz" >"single$i.jsonl" 2>/dev/null
    if [ ! -s "single$i.jsonl" ] || ! cmp -s "single$i.jsonl" "out/$i.jsonl"; then
        echo "slurm: FAIL: task $i differs from one process"
        failed=1
    fi
done
[ $failed = 0 ] || fail "outputs differ"
echo "slurm: ok: a 3-task array job over WET shards equals one process, shard by shard ($n documents)"
