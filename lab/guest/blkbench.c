// SPDX-License-Identifier: GPL-2.0
/*
 * blkbench: block device throughput for the lab's benchmark, O_DIRECT.
 *
 *   blkbench DEV MODE BLOCK SECONDS [THREADS]
 *
 * MODE is seqread, seqwrite, randread or randwrite; BLOCK is in bytes.
 * Each thread works on its own slice of the device: sequential modes walk
 * it from the start (wrapping), random ones pick aligned blocks in it.
 * Prints one line: "MODE BLOCK MBps=M iops=I errors=E".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

struct job {
	int fd;
	int write;
	int random;
	size_t block;
	off_t start, span;	/* this thread's slice, whole blocks */
	double until;
	unsigned long long ops, errors;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
	struct job *j = arg;
	uint64_t x = 0x9e3779b97f4a7c15ull ^ (uint64_t)j->start;
	off_t blocks = j->span / j->block, next = 0, off;
	void *buf;
	ssize_t n;

	if (posix_memalign(&buf, 4096, j->block))
		return NULL;
	memset(buf, 0x5a, j->block);
	while (now() < j->until) {
		if (j->random) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			off = (off_t)(x % (uint64_t)blocks);
		} else {
			off = next;
			next = (next + 1) % blocks;
		}
		off = j->start + off * (off_t)j->block;
		if (j->write)
			n = pwrite(j->fd, buf, j->block, off);
		else
			n = pread(j->fd, buf, j->block, off);
		if (n == (ssize_t)j->block)
			j->ops++;
		else
			j->errors++;
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long long ops = 0, errors = 0;
	int threads = argc > 5 ? atoi(argv[5]) : 4;
	struct job jobs[16];
	pthread_t tids[16];
	uint64_t size;
	double t0, secs;
	size_t block;
	int fd, i;

	if (argc < 5 || threads < 1 || threads > 16) {
		fprintf(stderr, "usage: blkbench DEV seqread|seqwrite|randread|randwrite BLOCK SECONDS [THREADS]\n");
		return 2;
	}
	block = strtoul(argv[3], NULL, 0);
	secs = atof(argv[4]);
	fd = open(argv[1], (strstr(argv[2], "write") ? O_RDWR : O_RDONLY) | O_DIRECT);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &size) || !block || block % 512) {
		perror(argv[1]);
		return 1;
	}
	t0 = now();
	for (i = 0; i < threads; i++) {
		jobs[i] = (struct job){
			.fd = fd,
			.write = !!strstr(argv[2], "write"),
			.random = !!strstr(argv[2], "rand"),
			.block = block,
			.span = size / threads / block * block,
			.until = t0 + secs,
		};
		jobs[i].start = (off_t)i * jobs[i].span;
		if (jobs[i].span < (off_t)block ||
		    pthread_create(&tids[i], NULL, run, &jobs[i])) {
			fprintf(stderr, "blkbench: cannot start thread %d\n", i);
			return 1;
		}
	}
	for (i = 0; i < threads; i++) {
		pthread_join(tids[i], NULL);
		ops += jobs[i].ops;
		errors += jobs[i].errors;
	}
	secs = now() - t0;
	printf("%s %zu MBps=%.2f iops=%.0f errors=%llu\n", argv[2], block,
	       ops * block / secs / 1e6, ops / secs, errors);
	return errors ? 1 : 0;
}
