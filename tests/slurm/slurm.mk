# tests/slurm/slurm.mk — the cluster tests (fragment of Makefile.am).
#
# `make check-slurm` (never part of make check; .ci/run runs it after the
# main tests) installs, when missing, Debian's slurm-wlm, munge and GNU
# parallel (deps.sh, apt-get), then runs, with the automake test driver and
# their own suite log tests/slurm/check-slurm.log:
#   array.sh     contrib/slurm/ on a single-node Slurm cluster the test
#                starts and stops itself (cluster.sh): 4 array tasks and a
#                dependent merge give the report of one scan (compare.py);
#                a failed task, re-run alone, too
#   parallel.sh  contrib/parallel/ with GNU parallel on this machine
# Each skips (77), saying so, when its scheduler cannot be installed, and
# fails when leakscan has no `merge` command.  LS_SLURM_SCALE=N (default 1)
# scans a bigger mkleak leak; array.sh prints the cluster's start and stop
# times and the wall times of the sharded run and of one scan.
LS_SLURM_TESTS = \
	tests/slurm/array.sh \
	tests/slurm/parallel.sh
EXTRA_DIST += \
	$(LS_SLURM_TESTS) \
	tests/slurm/cluster.sh \
	tests/slurm/compare.py \
	tests/slurm/deps.sh \
	contrib/slurm/README.md \
	contrib/slurm/submit.sh \
	contrib/slurm/shard.sbatch \
	contrib/slurm/merge.sbatch \
	contrib/parallel/README.md \
	contrib/parallel/leakscan-parallel.sh \
	contrib/kubernetes/README.md \
	contrib/kubernetes/leakscan-shards.yaml \
	contrib/kubernetes/leakscan-merge.yaml

check-slurm: all
	@$(SHELL) $(srcdir)/tests/slurm/deps.sh
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(LS_SLURM_TESTS)' \
	  TEST_SUITE_LOG=tests/slurm/check-slurm.log
.PHONY: check-slurm
