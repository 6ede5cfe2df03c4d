#!/usr/bin/env bash
# tests/slurm/deps.sh — installs, when missing, what `make check-slurm` needs:
# Debian's slurm-wlm (slurmctld, slurmd, the client commands), munge and
# GNU parallel, with apt-get (as root, or through sudo when it asks no
# password).  Never fails: when they cannot be installed it says so, and the
# tests of tests/slurm/ then skip (exit 77), saying so too.
# These packages are not in quickstart.sh's list: only this target needs
# them, and installing Slurm starts nothing (the tests start their own
# daemons).
set -u
packages=(slurm-wlm munge parallel)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "check-slurm: ${missing[*]} missing and no apt-get to install them" >&2
    exit 0
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
        echo "check-slurm: ${missing[*]} missing; not root and no password-less sudo to install them" >&2
        exit 0
    fi
fi
echo "check-slurm: installing ${missing[*]}"
# Another apt-get may hold the lock (a second session, unattended upgrades):
# wait for it rather than fail.
apt_opts=(-o DPkg::Lock::Timeout=600 -qq)
log=$(mktemp "${TMPDIR:-/tmp}/check-slurm-apt.XXXXXX")
# A failed update (a mirror down) still leaves the old lists to install from.
$sudo apt-get "${apt_opts[@]}" update >"$log" 2>&1 || true
if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_opts[@]}" install -y \
        --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "check-slurm: could not install ${missing[*]}; apt-get said:" >&2
    tail -n 5 "$log" >&2
fi
rm -f "$log"
exit 0
